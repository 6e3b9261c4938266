// Video and map facades (generator/embeds.py): the provider's frame is made only when the reader presses
// the play button, so nothing is requested from YouTube, Facebook or Google before that. Loaded as a
// module (deferred by the browser) and only on pages that have a facade. No inline script or style is
// written (the site's Content-Security-Policy allows neither).

// The only frame addresses accepted: the same patterns as SOURCES in generator/embeds.py (a test checks
// that every address the generator makes passes these).
export const SOURCES = {
  youtube: /^https:\/\/www\.youtube-nocookie\.com\/embed\/[A-Za-z0-9_-]{11}\?autoplay=1(?:&start=\d{1,6})?$/,
  facebook:
    /^https:\/\/www\.facebook\.com\/plugins\/video\.php\?href=[A-Za-z0-9%._-]{1,300}&show_text=false&autoplay=true$/,
  google_maps:
    /^(?:https:\/\/www\.google\.com\/maps\/embed\?pb=[A-Za-z0-9!._*:+~%-]{1,4000}|https:\/\/www\.google\.com\/maps\?q=[A-Za-z0-9%._~-]{1,600}(?:&z=\d{1,2})?&hl=(?:vi|en)&output=embed)$/,
};

// What each provider's frame may use (Permissions Policy), and a sandbox for the players known to work
// in one. Facebook's video plugin opens its login and share windows from the frame: it gets none.
const FRAMES = {
  youtube: {
    allow: "accelerometer; autoplay; clipboard-write; encrypted-media; fullscreen; gyroscope; picture-in-picture; web-share",
    sandbox: "allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox",
  },
  facebook: { allow: "autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture; web-share", sandbox: "" },
  google_maps: { allow: "fullscreen", sandbox: "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox" },
};

/** The provider whose frame address `src` is, or null for any other address. */
export function providerOf(src) {
  return Object.keys(SOURCES).find((name) => SOURCES[name].test(src)) || null;
}

/** Replace the facade's play button by the provider's frame, and move the keyboard focus into it. */
function load(figure) {
  const src = figure.dataset.embedSrc || "";
  const provider = providerOf(src);
  const box = figure.querySelector(".embed-box");
  if (!provider || !box) return;
  const title = figure.querySelector(".embed-title");
  const frame = document.createElement("iframe");
  frame.title = title ? title.textContent.trim() : "";
  frame.allow = FRAMES[provider].allow;
  frame.allowFullscreen = true;
  frame.loading = "eager"; // the reader has just asked for it
  frame.referrerPolicy = "strict-origin-when-cross-origin"; // the origin only: YouTube's player needs it
  if (FRAMES[provider].sandbox) frame.setAttribute("sandbox", FRAMES[provider].sandbox);
  frame.src = src; // last: the sandbox applies from the first load
  box.replaceChildren(frame);
  figure.classList.add("embed-loaded");
  frame.focus();
}

if (typeof document !== "undefined") {
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest(".embed-play") : null;
    const figure = button ? button.closest("figure.embed[data-embed-src]") : null;
    if (figure) load(figure);
  });
}
