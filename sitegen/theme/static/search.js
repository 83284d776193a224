// The search page: asks the Pagefind index built with the site and lists the
// matching articles. Everything runs in the browser, so it works on static hosting.
const form = document.querySelector(".search-form");
const input = form.querySelector("input[type=search]");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const SHOWN = 20;
let engine = null;
document.getElementById("search-needs-js").hidden = true;

function loadEngine() {
  engine ??= import(form.dataset.bundle + "pagefind.js").then(async (pagefind) => {
    await pagefind.options({ baseUrl: form.dataset.base });
    return pagefind;
  });
  return engine;
}

// Pagefind's excerpt is HTML: escaped page text with <mark> around matches.
// Parse it inertly and keep only text and marks, so nothing in it can run.
function excerptParagraph(excerpt) {
  const paragraph = document.createElement("p");
  const parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title;
  heading.append(link);
  item.append(heading);
  if (data.meta.date) {
    const date = document.createElement("p");
    date.className = "meta";
    date.textContent = data.meta.date;
    item.append(date);
  }
  item.append(excerptParagraph(data.excerpt));
  return item;
}

function plural(count) {
  return count === 1 ? "1 article" : `${count} articles`;
}

async function search(query) {
  const text = query.trim();
  if (!text) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  let found;
  try {
    found = await (await loadEngine()).debouncedSearch(text, {}, 150);
  } catch {
    status.textContent = "Search is not available: this copy of the site has no search index.";
    return;
  }
  if (found === null) return; // a newer query replaced this one
  const results = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  list.replaceChildren(...results.map(resultItem));
  const count = found.results.length;
  status.textContent = count
    ? `${plural(count)} found for “${text}”${count > SHOWN ? `, the best ${SHOWN} shown` : ""}.`
    : `Nothing found for “${text}”.`;
}

function remember(query) {
  const url = new URL(location.href);
  url.searchParams.set("q", query);
  history.replaceState(null, "", url);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  remember(input.value);
  search(input.value);
});
input.addEventListener("input", () => search(input.value));

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  search(initial);
}
