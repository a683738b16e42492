// Lookalike sandbox: browse, filter, like/dislike, sort by similar, product pages with "more like this", photo search.
// Plain JavaScript over the read API (/v1/products, /v1/facets, /v1/search, /v1/search/image); no build step.
"use strict";

// AUDIT VIEWS: links shown in the header's "Audit" entry, e.g. [{ label: "Ingest reports", href: "/audit/ingest" }].
// Empty until the server has audit routes; the entry stays hidden while it is empty.
const AUDIT_LINKS = [
  { label: "Assortment clusters", href: "/v1/audit/assortment?k=20" },
  { label: "Near-duplicates (JSON)", href: "/v1/audit/duplicates?threshold=0.97" },
];

const PAGE = 48;
const MORE_K = 12;
const MODALITIES = ["image", "text", "attributes"];
const $ = id => document.getElementById(id);

const state = {
  q: "",
  filter: { category: "", brand: "", min: "", max: "", inStock: false },
  likes: [],          // product ids, positive anchors
  dislikes: [],       // product ids, negative anchors
  sorted: false,      // "sort by similar" is on
  photo: null,        // File to search by
  photoText: "",
  strategy: "mean",
  weights: {},
  offset: 0,
};
const known = new Map();   // id -> product, for the anchor chips
let gridSeq = 0, productSeq = 0;   // a response is shown only if no newer load of its view started

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

async function api(path, init) {
  let r;
  try {
    r = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, "network", "the server could not be reached (" + e.message + ")");
  }
  let json = null;
  try { json = await r.json(); } catch (e) { /* not JSON: reported below */ }
  if (!r.ok || json === null) {
    const err = json && json.error;
    throw new ApiError(r.status, err ? err.code : "http_" + r.status,
      err ? err.message : `${r.status} ${r.statusText || "error"} from ${path}`);
  }
  return json;
}

const postJson = (path, body) =>
  api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

function showError(e) {
  const box = $("error");
  if (!(e instanceof ApiError)) console.error(e);   // a bug in this page, not an API answer
  const code = e instanceof ApiError ? e.code.replace(/_/g, " ") : "page error";
  box.replaceChildren(el("strong", "", code + ": "), el("span", "", e.message || String(e)));
  const x = el("button", "link", "Dismiss");
  x.type = "button";
  x.addEventListener("click", () => { box.hidden = true; });
  box.appendChild(x);
  box.hidden = false;
}

function clearError() { $("error").hidden = true; }

// ---------------------------------------------------------------- requests

function filterJson() {
  const f = state.filter, out = {};
  if (f.category) out.category = [f.category];
  if (f.brand) out.brand = [f.brand];
  if (f.min !== "") out.min_price = Number(f.min);
  if (f.max !== "") out.max_price = Number(f.max);
  if (f.inStock) out.in_stock = true;
  return Object.keys(out).length ? out : null;
}

function anchorsJson() {
  return state.likes.map(id => ({ id })).concat(state.dislikes.map(id => ({ id, weight: -1 })));
}

/** The body of POST /v1/search (or the query part of /v1/search/image) for the grid; null: plain browsing. */
function gridRequest() {
  const req = {};
  if (state.q) req.q = state.q;
  const filter = filterJson();
  if (filter) req.filter = filter;
  const anchored = state.sorted || state.photo;
  if (state.sorted) req.anchors = anchorsJson();
  if (state.photo && state.photoText) req.text = state.photoText;
  if (anchored) {
    if (state.strategy !== "mean") req.strategy = state.strategy;
    if (Object.keys(state.weights).length) req.weights = { ...state.weights };
  }
  if (!req.q && !filter && !anchored) return null;
  req.offset = state.offset;
  req.k = PAGE;
  if (anchored) req.explain = true;
  return req;
}

function canSort() { return state.likes.length > 0 || (state.dislikes.length > 0 && state.q !== ""); }

// ---------------------------------------------------------------- elements

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

const productHref = id => "#/p/" + encodeURIComponent(id);

function price(p) {
  return p.price != null ? p.price.toFixed(2) + (p.currency ? " " + p.currency : "") : "";
}

function picture(p, cls) {
  const box = el("div", cls);
  if (p.images && p.images.length) {
    const img = el("img");
    img.loading = "lazy";
    img.decoding = "async";
    img.src = p.images[0];
    img.alt = p.title || p.id;
    img.addEventListener("error", () => { box.classList.add("broken"); img.remove(); box.textContent = "picture unavailable"; });
    box.appendChild(img);
  } else {
    box.classList.add("broken");
    box.textContent = "no picture";
  }
  return box;
}

function voteButtons(p) {
  const wrap = el("div", "votes");
  const name = p.title || p.id;
  const like = el("button", "like", "\u2665");
  like.type = "button";
  like.setAttribute("aria-label", "Like " + name);
  like.title = "Like: more like this (an anchor)";
  const dislike = el("button", "dislike", "\u2298");
  dislike.type = "button";
  dislike.setAttribute("aria-label", "Dislike " + name);
  dislike.title = "Dislike: less like this (a negative anchor)";
  like.addEventListener("click", () => vote(p, "like"));
  dislike.addEventListener("click", () => vote(p, "dislike"));
  wrap.append(like, dislike);
  return wrap;
}

/** A compact explanation: one stacked bar of the modality contributions, the numbers in its tooltip and label. */
function explanationBar(ex) {
  const bar = el("div", "why");
  const parts = (ex.modalities || []).filter(m => m.contribution > 0);
  const sum = parts.reduce((s, m) => s + m.contribution, 0) || 1;
  const detail = (ex.modalities || []).filter(m => m.cosine != null).map(m =>
    `${m.modality} cos ${m.cosine.toFixed(2)} \u2192 ${m.contribution >= 0 ? "+" : ""}${m.contribution.toFixed(3)}`).join(", ");
  for (const m of parts) {
    const seg = el("span", "seg m-" + m.modality);
    seg.style.width = (100 * m.contribution / sum).toFixed(1) + "%";
    bar.appendChild(seg);
  }
  bar.title = detail + (ex.anchor ? ` (anchor ${ex.anchor})` : "");
  bar.setAttribute("role", "img");
  bar.setAttribute("aria-label", "Why similar: " + detail);
  return bar;
}

function explanationDetail(ex) {
  const box = el("div", "explain");
  box.appendChild(explanationBar(ex));
  const mods = el("div", "mods");
  for (const m of (ex.modalities || []).filter(m => m.cosine != null)) {   // null: the anchor has no such part
    const s = el("span", "mod m-" + m.modality);
    s.append(el("i", "dot"), document.createTextNode(`${short(m.modality)} ${m.cosine.toFixed(2)}`));
    s.title = `${m.modality}: cosine ${m.cosine.toFixed(3)}, contribution ${m.contribution.toFixed(3)}`;
    mods.appendChild(s);
  }
  box.appendChild(mods);
  const shared = Object.entries(ex.shared_attributes || {});
  if (shared.length) {
    const d = el("div", "shared", "shares " + shared.map(([, v]) => [].concat(v).join(", ")).join(" \u00b7 "));
    d.title = "attribute values shared with the anchor: " + shared.map(([k, v]) => `${k}: ${[].concat(v).join(", ")}`).join("; ");
    box.appendChild(d);
  }
  for (const n of ex.notes || []) box.appendChild(el("div", "note", n));
  return box;
}

const short = m => ({ image: "img", text: "txt", attributes: "attr" })[m] || m;

function card(p, hit, detailed) {
  known.set(p.id, p);
  const c = el("article", "card");
  c.dataset.id = p.id;
  const link = el("a", "pic-link");
  link.href = productHref(p.id);
  link.appendChild(picture(p, "pic"));
  c.appendChild(link);
  const meta = el("div", "meta");
  const title = el("a", "title", p.title || p.id);
  title.href = productHref(p.id);
  meta.appendChild(title);
  const sub = el("div", "sub");
  const left = el("span", "", price(p) || p.brand || "");   // titles usually name the brand
  if (p.in_stock === false) left.append(left.textContent ? " \u00b7 " : "", el("span", "nostock", "sold out"));
  sub.appendChild(left);
  if (hit) {
    const v = hit.similarity ?? hit.score;   // null: the product has no vector
    const s = el("span", "score", v == null ? "\u2013" : v.toFixed(3));
    s.title = "similarity (cosine of fused vectors)" + (hit.keyword_score ? `; keyword score ${hit.keyword_score.toFixed(2)}` : "");
    sub.appendChild(s);
  }
  meta.appendChild(sub);
  if (hit && hit.explanation) meta.appendChild(detailed ? explanationDetail(hit.explanation) : explanationBar(hit.explanation));
  c.appendChild(meta);
  c.appendChild(voteButtons(p));
  markVotes(c);
  return c;
}

function markVotes(c) {
  const id = c.dataset.id;
  const liked = state.likes.includes(id), disliked = state.dislikes.includes(id);
  c.classList.toggle("liked", liked);
  c.classList.toggle("disliked", disliked);
  c.querySelector(".like").setAttribute("aria-pressed", String(liked));
  c.querySelector(".dislike").setAttribute("aria-pressed", String(disliked));
}

function modeBadge(res) {
  const span = el("span", "mode mode-" + res.mode, res.mode);
  span.title = {
    exact: "exact: every candidate was scored",
    approximate: "approximate: answered by the HNSW graph",
    none: "no vector part in this search",
  }[res.mode] || res.mode;
  return span;
}

function legend() {
  const l = el("span", "legend");
  for (const m of MODALITIES) { const s = el("span", "mod m-" + m); s.append(el("i", "dot"), document.createTextNode(m)); l.appendChild(s); }
  return l;
}

// ---------------------------------------------------------------- anchors

function vote(p, kind) {
  known.set(p.id, p);
  const [mine, other] = kind === "like" ? [state.likes, state.dislikes] : [state.dislikes, state.likes];
  const i = mine.indexOf(p.id);
  if (i >= 0) mine.splice(i, 1); else mine.push(p.id);
  const j = other.indexOf(p.id);
  if (j >= 0) other.splice(j, 1);
  document.querySelectorAll(".card").forEach(c => { if (c.dataset.id === p.id) markVotes(c); });
  renderProductVotes();
  renderAnchors();
  if (state.sorted) {
    if (!canSort()) state.sorted = false;
    state.offset = 0;
    loadGrid();
  }
}

function renderAnchors() {
  const chips = (ids, list) => $(list).replaceChildren(...ids.map(id => {
    const li = el("li", "chip");
    const p = known.get(id);
    const a = el("a", "", p && p.title ? p.title : id);
    a.href = productHref(id);
    const x = el("button", "", "\u00d7");
    x.type = "button";
    x.setAttribute("aria-label", "Remove anchor " + (p && p.title ? p.title : id));
    x.addEventListener("click", () => vote(p || { id }, list === "liked" ? "like" : "dislike"));
    li.append(a, x);
    return li;
  }));
  chips(state.likes, "liked");
  chips(state.dislikes, "disliked");
  const any = state.likes.length + state.dislikes.length > 0;
  $("anchors-help").hidden = any;
  $("anchors-clear").hidden = !any;
  const sort = $("sort");
  sort.disabled = !canSort() && !state.sorted;
  sort.setAttribute("aria-pressed", String(state.sorted));
  sort.textContent = state.sorted ? "Sorted by similar \u00d7" : "Sort by similar";
  sort.title = canSort() ? "" : (state.dislikes.length ? "Like a product (or search keywords) to sort by similar" : "Like a product first");
}

// ---------------------------------------------------------------- grid view

async function loadGrid() {
  const seq = ++gridSeq;
  const view = $("results-view");
  view.setAttribute("aria-busy", "true");
  const req = gridRequest();
  try {
    let res, hits, status = [];
    let more;
    if (state.photo) {
      const form = new FormData();
      form.append("image", state.photo, state.photo.name || "photo");
      form.append("query", new Blob([JSON.stringify(req)], { type: "application/json" }));
      res = await api("/v1/search/image", { method: "POST", body: form });
    } else if (req) {
      res = await postJson("/v1/search", req);
    } else {
      res = await api(`/v1/products?offset=${state.offset}&limit=${PAGE}`);
    }
    if (seq !== gridSeq) return;   // a newer load is under way
    clearError();
    if (res.products) {
      hits = res.products.map(p => ({ product: p }));
      more = state.offset + PAGE < res.total;
      status.push(`${res.total.toLocaleString("en")} products`);
    } else {
      hits = res.hits;
      // keyword and filter searches know their total; nearest-neighbour searches page on while pages are full
      more = res.retrieval === "vector" ? res.hits.length === PAGE : state.offset + PAGE < res.total;
      status.push(describe(res));
    }
    const anchored = !!(req && (req.anchors || state.photo));
    $("grid").replaceChildren(...hits.map(h => card(h.product, anchored ? h : null, false)));
    if (!hits.length) $("grid").appendChild(el("p", "empty", "Nothing matches. Try fewer words or filters."));
    const st = $("status");
    st.replaceChildren(document.createTextNode(status.join(" \u00b7 ")));
    if (res.mode) {
      st.append(" \u00b7 ", modeBadge(res), ` ${res.took_ms.toFixed(1)} ms`);
      if (hits.some(h => h.explanation)) st.append(" ", legend());
    }
    if (state.offset > 0) st.append(` \u00b7 from #${state.offset + 1}`);
    $("prev").disabled = state.offset === 0;
    $("next").disabled = !more;
  } catch (e) {
    if (seq !== gridSeq) return;
    showError(e);
    $("grid").replaceChildren();
    $("status").textContent = "";
    $("prev").disabled = $("next").disabled = true;
  } finally {
    if (seq === gridSeq) view.setAttribute("aria-busy", "false");
  }
}

function describe(res) {
  const parts = [];
  if (state.q) parts.push(`${res.total.toLocaleString("en")} results for \u201c${state.q}\u201d${res.capped ? " (capped)" : ""}`);
  else if (res.retrieval === "filter") parts.push(`${res.total.toLocaleString("en")} products`);
  if (state.photo) parts.push("similar to your photo" + (state.photoText ? ` + \u201c${state.photoText}\u201d` : ""));
  if (state.sorted) {
    const a = [];
    if (state.likes.length) a.push(`${state.likes.length} liked`);
    if (state.dislikes.length) a.push(`${state.dislikes.length} disliked`);
    parts.push(`sorted by similarity to ${a.join(" and ")}` + (state.strategy !== "mean" ? ` (${state.strategy})` : ""));
  }
  return parts.join(" \u00b7 ");
}

// ---------------------------------------------------------------- product view

let shownProduct = null;

async function showProduct(id) {
  const seq = ++productSeq;
  const view = $("product-view");
  view.setAttribute("aria-busy", "true");
  $("product").replaceChildren();
  $("more").replaceChildren();
  $("more-status").textContent = "";
  try {
    const p = await api("/v1/products/" + encodeURIComponent(id));
    if (seq !== productSeq) return;
    known.set(p.id, p);
    shownProduct = p;
    document.title = (p.title || p.id) + " \u00b7 Lookalike";
    renderProduct(p);
    const res = await postJson("/v1/search", { anchors: [{ id: p.id }], k: MORE_K, explain: true });
    if (seq !== productSeq) return;
    clearError();
    $("more").replaceChildren(...res.hits.map(h => card(h.product, h, true)));
    if (!res.hits.length) $("more").appendChild(el("p", "empty", "No similar products: this one has no vector."));
    $("more-status").replaceChildren(modeBadge(res), ` ${res.took_ms.toFixed(1)} ms `, legend());
  } catch (e) {
    if (seq === productSeq) showError(e);
  } finally {
    if (seq === productSeq) view.setAttribute("aria-busy", "false");
  }
}

function renderProduct(p) {
  const box = $("product");
  const pics = el("div", "pics");
  const main = picture(p, "hero");
  const hero = main.querySelector("img");
  if (hero) {
    // at most 2.5 times the picture's own size (catalog photos can be 60x80), at most the box
    hero.loading = "eager";
    hero.addEventListener("load", () => { hero.style.height = Math.min(240, hero.naturalHeight * 2.5) + "px"; });
  }
  pics.appendChild(main);
  if (p.images && p.images.length > 1) {
    const thumbs = el("div", "thumbs");
    p.images.forEach((src, i) => {
      const b = el("button", "thumb");
      b.type = "button";
      b.setAttribute("aria-label", `Picture ${i + 1}`);
      const img = el("img"); img.src = src; img.alt = "";
      b.appendChild(img);
      b.addEventListener("click", () => { const m = main.querySelector("img"); if (m) m.src = src; });
      thumbs.appendChild(b);
    });
    pics.appendChild(thumbs);
  }
  const info = el("div", "info");
  info.appendChild(el("h1", "", p.title || p.id));
  const facts = el("dl", "facts");
  const fact = (k, v) => { if (v) facts.append(el("dt", "", k), el("dd", "", v)); };
  fact("id", p.id);
  fact("brand", p.brand);
  fact("price", price(p) + (p.in_stock === false ? " \u00b7 sold out" : ""));
  fact("category", (p.category || []).join(" \u203a "));
  for (const [k, v] of Object.entries(p.attributes || {})) fact(k, [].concat(v).join(", "));
  info.appendChild(facts);
  if (p.description) info.appendChild(el("p", "desc", p.description));
  const actions = el("div", "actions");
  const votes = voteButtons(p);
  votes.classList.add("big");
  votes.dataset.id = p.id;
  actions.appendChild(votes);
  const sort = el("button", "primary", "Sort the results by similar to this");
  sort.type = "button";
  sort.addEventListener("click", () => {
    if (!state.likes.includes(p.id)) vote(p, "like");
    state.sorted = true;
    state.offset = 0;
    location.hash = "#/";
  });
  actions.appendChild(sort);
  info.appendChild(actions);
  box.replaceChildren(pics, info);
  renderProductVotes();
}

function renderProductVotes() {
  const votes = document.querySelector("#product .votes");
  if (!votes) return;
  const id = votes.dataset.id;
  votes.querySelector(".like").setAttribute("aria-pressed", String(state.likes.includes(id)));
  votes.querySelector(".dislike").setAttribute("aria-pressed", String(state.dislikes.includes(id)));
}

// ---------------------------------------------------------------- facets (filter choices)

async function loadFacets() {
  try {
    const f = await api("/v1/facets");
    const select = $("f-category");
    const add = (nodes, depth) => nodes.forEach(n => {
      const o = el("option", "", "\u2003".repeat(depth) + `${n.value} (${n.count.toLocaleString("en")})`);
      o.value = n.value;
      select.appendChild(o);
      if (n.children) add(n.children, depth + 1);
    });
    add(f.categories, 0);
    $("brands").replaceChildren(...f.brands.map(b => { const o = el("option"); o.value = b.value; o.label = `${b.count}`; return o; }));
    if (!f.brands.length) $("f-brand").placeholder = "no brands in this catalog";
    if (f.price) {
      $("price-range").textContent = `${f.price.min.toFixed(0)}\u2013${f.price.max.toFixed(0)}` +
        (f.price.currencies.length === 1 ? " " + f.price.currencies[0] : "");
      $("f-min").placeholder = f.price.min.toFixed(0);
      $("f-max").placeholder = f.price.max.toFixed(0);
    } else {
      $("f-price").hidden = true;   // no product has a price
    }
  } catch (e) {
    showError(e);
  }
}

// ---------------------------------------------------------------- photo

function setPhoto(file) {
  if (!file) return;
  if (file.type && !file.type.startsWith("image/")) {
    showError(new ApiError(0, "bad_request", `\u201c${file.name}\u201d is not a picture (${file.type})`));
    return;
  }
  state.photo = file;
  const prev = $("photo-preview");
  if (prev.src) URL.revokeObjectURL(prev.src);
  prev.src = URL.createObjectURL(file);
  prev.hidden = false;
  $("drop-help").textContent = file.name || "your photo";
  $("photo-clear").hidden = false;
  runGrid();
}

function clearPhoto() {
  state.photo = null;
  const prev = $("photo-preview");
  if (prev.src) URL.revokeObjectURL(prev.src);
  prev.removeAttribute("src");
  prev.hidden = true;
  $("photo").value = "";
  $("drop-help").textContent = "Drop a photo here or press to choose one";
  $("photo-clear").hidden = true;
  runGrid();
}

// ---------------------------------------------------------------- routing and wiring

function runGrid() {
  state.offset = 0;
  if (location.hash.startsWith("#/p/")) location.hash = "#/"; else loadGrid();
}

function route() {
  const m = location.hash.match(/^#\/p\/(.+)$/);
  $("results-view").hidden = !!m;
  $("product-view").hidden = !m;
  if (m) {
    showProduct(decodeURIComponent(m[1]));
  } else {
    document.title = "Lookalike sandbox";
    shownProduct = null;
    loadGrid();
  }
  window.scrollTo(0, 0);
}

function wire() {
  if (AUDIT_LINKS.length) {
    $("audit-links").replaceChildren(...AUDIT_LINKS.map(l => { const a = el("a", "", l.label); a.href = l.href; return a; }));
    $("nav-audit").hidden = false;
  }
  $("search").addEventListener("submit", e => {
    e.preventDefault();
    state.q = $("q").value.trim();
    if (state.sorted && !canSort()) state.sorted = false;
    renderAnchors();
    runGrid();
  });
  const onFilter = () => {
    const f = state.filter;
    f.category = $("f-category").value;
    f.brand = $("f-brand").value.trim();
    f.min = $("f-min").value.trim();
    f.max = $("f-max").value.trim();
    f.inStock = $("f-stock").checked;
    runGrid();
  };
  ["f-category", "f-brand", "f-min", "f-max", "f-stock"].forEach(id => $(id).addEventListener("change", onFilter));
  $("f-clear").addEventListener("click", () => {
    $("f-category").value = ""; $("f-brand").value = ""; $("f-min").value = ""; $("f-max").value = ""; $("f-stock").checked = false;
    onFilter();
  });
  $("sort").addEventListener("click", () => {
    state.sorted = !state.sorted && canSort();
    renderAnchors();
    runGrid();
  });
  $("anchors-clear").addEventListener("click", () => {
    state.likes = []; state.dislikes = []; state.sorted = false;
    document.querySelectorAll(".card").forEach(markVotes);
    renderProductVotes();
    renderAnchors();
    runGrid();
  });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadGrid(); window.scrollTo(0, 0); });
  $("next").addEventListener("click", () => { state.offset += PAGE; loadGrid(); window.scrollTo(0, 0); });

  const drop = $("drop");
  drop.addEventListener("click", () => $("photo").click());
  drop.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("photo").click(); } });
  ["dragenter", "dragover"].forEach(t => drop.addEventListener(t, e => { e.preventDefault(); drop.classList.add("over"); }));
  ["dragleave", "drop"].forEach(t => drop.addEventListener(t, () => drop.classList.remove("over")));
  drop.addEventListener("drop", e => { e.preventDefault(); setPhoto(e.dataTransfer.files[0]); });
  $("photo").addEventListener("change", e => setPhoto(e.target.files[0]));
  $("photo-clear").addEventListener("click", clearPhoto);
  $("photo-text").addEventListener("change", () => { state.photoText = $("photo-text").value.trim(); if (state.photo) runGrid(); });

  $("strategy").addEventListener("change", () => { state.strategy = $("strategy").value; if (state.sorted || state.photo) runGrid(); });
  for (const m of MODALITIES) {
    $("w-" + m).addEventListener("change", () => {
      const v = $("w-" + m).value.trim();
      if (v === "") delete state.weights[m]; else state.weights[m] = Number(v);
      if (state.sorted || state.photo) runGrid();
    });
  }
  // Enter in a side-panel text or number field applies it at once (as leaving the field does)
  // (unless the browser's own change event has already done it)
  document.querySelectorAll(".side input:not([type=checkbox]):not([type=file])").forEach(input => {
    input.dataset.applied = input.value;
    input.addEventListener("change", () => { input.dataset.applied = input.value; });
    input.addEventListener("keydown", e => {
      if (e.key !== "Enter") return;
      e.preventDefault();
      setTimeout(() => { if (input.value !== input.dataset.applied) input.dispatchEvent(new Event("change")); }, 0);
    });
  });
  window.addEventListener("hashchange", route);
  renderAnchors();
  loadFacets();
  route();
}

wire();
