"""hitlib.exercises.neural_net: the self-checks of *The neural network*."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from tests.unit.exercises import assert_correct, assert_hint


def fake_network(sizes=(15, 14, 120, 80, 2)):
    """What the check reads of a Keras network: each dense layer's weight shape and parameter count."""
    layers = [
        SimpleNamespace(kernel=SimpleNamespace(shape=(n, m)), count_params=lambda n=n, m=m: n * m + m)
        for n, m in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    return SimpleNamespace(layers=layers)


def test_4_1_parameters_by_hand(capsys):
    network = fake_network()
    assert_correct(capsys, "4.1", [224, 1800, 9680, 162], network)
    assert_hint(capsys, "every unit also has a bias", "4.1", [210, 1680, 9600, 160], network)
    assert_hint(capsys, "not every layer's count is right", "4.1", [224, 1800, 9680, 160], network)
    assert_hint(capsys, "4 number(s), got 1", "4.1", 11866, network)


def test_4_2_second_half(capsys):
    test_curve, training_curve = np.linspace(0.70, 0.77, 100), np.linspace(0.7, 0.8, 100)
    history = SimpleNamespace(history={"val_accuracy": test_curve, "accuracy": training_curve})
    right = test_curve[-1] - test_curve[49]
    assert_correct(capsys, "4.2", right, history)
    assert_hint(capsys, "sign is reversed", "4.2", -right, history)
    assert_hint(capsys, "not in points", "4.2", 100 * right, history)
    assert_hint(capsys, "'val_accuracy'", "4.2", training_curve[-1] - training_curve[49], history)
    assert_hint(capsys, "every five epochs", "4.2", test_curve[-1] - test_curve[50], history)


def test_4_3_fast_recipe(capsys):
    """A stand-in network that calls the first of four test rows a hit and the others flops."""
    probabilities = np.array([[0.2, 0.8], [0.9, 0.1], [0.6, 0.4], [0.7, 0.3]])
    network = SimpleNamespace(optimizer=SimpleNamespace(learning_rate=0.01), predict=lambda X, verbose: probabilities)
    Y_test = np.array([[0, 1], [1, 0], [0, 1], [0, 1]])  # one hit called a hit, two hits missed
    assert_correct(capsys, "4.3", 0.5, network, None, Y_test)
    assert_hint(capsys, "not in points", "4.3", 50, network, None, Y_test)
    assert_hint(capsys, "not this network's accuracy", "4.3", 0.75, network, None, Y_test)
    network.optimizer.learning_rate = 0.001
    assert_hint(capsys, "learning_rate=0.01", "4.3", 0.5, network, None, Y_test)
