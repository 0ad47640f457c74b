// What the two pages share: the engine's words put on the page, the language switch, the form's
// events and the engine's stamp. Each page passes in its own WASM build's functions (the
// self-assessment page loads the build without the zone, the progress page the whole engine).

/** The one sentence the engine cannot say: that it failed to load. Every other word on a page
 * is the engine's (`labels(lang)`); the static text in the HTML is only what shows while the
 * engine loads. */
export const LOAD_FAILED = {
  zh: "计算引擎加载失败，请刷新页面重试。",
  en: "The engine failed to load; please reload the page.",
};

/** The engine's labels in both languages. */
export function engineWords(labels) {
  return { zh: labels("zh"), en: labels("en") };
}

/** `template` with its `{name}` placeholders filled from `values`. */
export function fill(template, values = {}) {
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
}

/** Put `words` (the engine's labels in `lang`) on the page: every `data-i18n` element's text
 * (a form word or an industry), every `data-i18n-label`'s accessible name, the title, and the
 * language button, named in the language it switches to. */
export function applyWords(words, lang, titleKey) {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = words.form[titleKey];
  for (const el of document.querySelectorAll("[data-i18n]")) {
    const value = words.form[el.dataset.i18n] ?? words.industry[el.dataset.i18n];
    if (typeof value === "string") el.textContent = value;
  }
  for (const el of document.querySelectorAll("[data-i18n-label]"))
    el.setAttribute("aria-label", words.form[el.dataset.i18nLabel]);
  const button = document.getElementById("lang");
  button.textContent = words.form.switch_to;
  button.setAttribute("aria-label", words.form.switch_label);
  button.setAttribute("lang", lang === "zh" ? "en" : "zh-CN");
}

/** Re-render on every edit; never submit. */
export function listen(form, render) {
  form.addEventListener("input", render);
  form.addEventListener("change", render);
  form.addEventListener("submit", (e) => e.preventDefault());
}

/** Name the engine and rulebook on the page (tests wait for it). */
export function stamp(version) {
  const v = version();
  document.body.dataset.engine = `${v.engine} ${v.rulebook} ${v.rulebookVersion}`;
}
