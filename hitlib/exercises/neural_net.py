"""Self-checks for the exercises of *The neural network*."""

from __future__ import annotations

import numpy as np

from hitlib.exercises._shared import Hint, _close, _number, _numbers, self_check


@self_check("4.1")
def _parameters_per_layer(answer, network) -> None:
    expected = [layer.count_params() for layer in network.layers]
    counts = _numbers(answer, len(expected), "one parameter count per dense layer")
    weights_only = [int(np.prod(layer.kernel.shape)) for layer in network.layers]
    if _close(counts, expected, 0):
        return
    if _close(counts, weights_only, 0):
        raise Hint("those count the weights only: every unit also has a bias")
    raise Hint("not every layer's count is right: a layer with n inputs and m units has n x m weights")


@self_check("4.2")
def _second_half(answer, history) -> None:
    difference = _number(answer, "the test accuracy after 500 epochs minus the one after 250")
    curve = np.asarray(history.history["val_accuracy"])  # one value every five epochs
    halfway = len(curve) // 2 - 1
    if _close(difference, curve[-1] - curve[halfway], 1e-6):
        return
    if _close(difference, curve[halfway] - curve[-1], 1e-6):
        raise Hint("the sign is reversed: take the later accuracy minus the earlier one")
    if _close(difference / 100, curve[-1] - curve[halfway], 1e-6):
        raise Hint("give the difference as a fraction of 1, not in points")
    training = np.asarray(history.history["accuracy"])
    if _close(difference, training[-1] - training[len(training) // 2 - 1], 1e-6):
        raise Hint("that is the training accuracy; the test part's is recorded as 'val_accuracy'")
    raise Hint("not the right entries: the test accuracy was recorded every five epochs, so entry i is epoch 5(i+1)")


@self_check("4.3")
def _fast_recipe(answer, network, X_test, Y_test) -> None:
    accuracy = _number(answer, "the fast network's test accuracy")
    if not _close(float(network.optimizer.learning_rate), 0.01, 1e-9):
        raise Hint("train this network with learning_rate=0.01 (and patience=5)")
    predicted = network.predict(X_test, verbose=0).argmax(axis=1)
    expected = float(np.mean(predicted == np.asarray(Y_test).argmax(axis=1)))
    if _close(accuracy, expected, 1e-4):
        return
    if _close(accuracy / 100, expected, 1e-4):
        raise Hint("give the accuracy as a fraction of 1, not in points")
    raise Hint("that is not this network's accuracy on the test part: evaluate it on X_test_scaled and Y_test")
