// The search page: asks the Pagefind index built with the site and lists the
// matching articles. Everything runs in the browser, so it works on static hosting.
// The index comes in shards (pagefind/shards.json lists them): the first is
// loaded, the others merged into it, so one query gives one ranked list.
const form = document.querySelector(".search-form");
const input = form.querySelector("input[type=search]");
const filterBox = form.querySelector(".search-filters");
const selects = { tag: form.querySelector("#search-tag"), author: form.querySelector("#search-author") };
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const SHOWN = 20;
let engine = null;
document.getElementById("search-needs-js").hidden = true;

async function openIndex() {
  const bundle = form.dataset.bundle;
  const listing = await fetch(bundle + "shards.json");
  if (!listing.ok) throw new Error("no search index");
  const { shards } = await listing.json();
  if (!shards.length) return null;
  const pagefind = await import(bundle + shards[0] + "pagefind.js");
  const options = { baseUrl: form.dataset.base };
  await pagefind.options(options);
  await Promise.all(shards.slice(1).map((shard) => pagefind.mergeIndex(bundle + shard, options)));
  return pagefind;
}

function loadEngine() {
  engine ??= openIndex();
  return engine;
}

// Pagefind's excerpt is HTML: escaped page text with <mark> around matches.
// Parse it inertly and keep only text and marks, so nothing in it can run.
// An ellipsis marks where the excerpt cuts the article's text.
function excerptParagraph(excerpt, content) {
  const paragraph = document.createElement("p");
  paragraph.className = "excerpt";
  const parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
  const flat = (text) => text.replace(/\s+/g, " ").trim();
  const shown = flat(parsed.textContent);
  const whole = flat(content || "");
  if (!whole.startsWith(shown)) paragraph.append("… ");
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  if (!whole.endsWith(shown)) paragraph.append(" …");
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
  const facts = [data.meta.date, data.meta.authors && `by ${data.meta.authors}`].filter(Boolean);
  if (facts.length) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = facts.join(" · ");
    item.append(meta);
  }
  item.append(excerptParagraph(data.excerpt, data.content));
  return item;
}

function plural(count) {
  return count === 1 ? "1 article" : `${count} articles`;
}

function chosenFilters() {
  const chosen = {};
  for (const [name, select] of Object.entries(selects)) {
    if (select.value) chosen[name] = select.value;
  }
  return chosen;
}

// "for “ferry”, tagged “Port Averill”, by Jane Doe"
function describe(text, filters) {
  const parts = text ? [`for “${text}”`] : [];
  if (filters.tag) parts.push(`tagged “${filters.tag}”`);
  if (filters.author) parts.push(`by ${filters.author}`);
  return parts.join(", ");
}

async function search() {
  const text = input.value.trim();
  const filters = chosenFilters();
  if (!text && !Object.keys(filters).length) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  let found;
  try {
    const pagefind = await loadEngine();
    found = pagefind ? await pagefind.debouncedSearch(text || null, { filters }, 150)
      : { results: [] };
  } catch {
    status.textContent = "Search is not available: this copy of the site has no search index.";
    return;
  }
  if (found === null) return; // a newer query replaced this one
  const results = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  list.replaceChildren(...results.map(resultItem));
  const count = found.results.length;
  const what = describe(text, filters);
  status.textContent = count
    ? `${plural(count)} ${what}${count > SHOWN ? `; the best ${SHOWN} shown` : ""}.`
    : `No articles ${what}.`;
}

// The tag and author menus list every value in the index, with its count.
async function offerFilters(wanted) {
  let counts;
  try {
    const pagefind = await loadEngine();
    counts = pagefind ? await pagefind.filters() : {};
  } catch {
    return;
  }
  for (const [name, select] of Object.entries(selects)) {
    const values = Object.entries(counts[name] || {}).sort(([a], [b]) => a.localeCompare(b));
    for (const [value, count] of values) {
      select.append(new Option(`${value} (${count})`, value, false, value === wanted[name]));
    }
  }
  filterBox.hidden = false;
}

function remember() {
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  for (const [name, select] of Object.entries(selects)) {
    if (select.value) url.searchParams.set(name, select.value);
    else url.searchParams.delete(name);
  }
  history.replaceState(null, "", url);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  remember();
  search();
});
input.addEventListener("input", search);
for (const select of Object.values(selects)) {
  select.addEventListener("change", () => {
    remember();
    search();
  });
}

const params = new URLSearchParams(location.search);
input.value = params.get("q") || "";
offerFilters({ tag: params.get("tag") || "", author: params.get("author") || "" }).then(() => {
  if (input.value || Object.keys(chosenFilters()).length) search();
});
