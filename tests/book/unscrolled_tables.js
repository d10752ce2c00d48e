// Tables of the article that stick out of it (or out of the window) without a box that scrolls them.
() => [...document.querySelectorAll("article table")]
  .filter((table) => {
    for (let box = table.parentElement; box && box.tagName !== "ARTICLE"; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return false;
    }
    const article = table.closest("article");
    return table.scrollWidth > article.clientWidth + 1
      || table.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
  })
  .map((table) => table.outerHTML.slice(0, 80))
