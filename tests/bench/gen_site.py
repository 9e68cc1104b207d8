#!/usr/bin/env python3
"""Writes a synthetic bilingual site twice, once for pthv and once for Hugo, from the
same markdown: N pages in all (half English, half Spanish), in S sections per language,
each page listing its section's pages, with previous/next links and its translation.

    gen_site.py OUT_DIR --pages 10000 --sections 20
"""
import argparse
import os
import random
import textwrap

WORDS = ("family teacher visit hopes dreams child school home park library video "
         "relationship partner student learning trust listen together share plan "
         "visita familia maestro escuela hijo sueños esperanzas juntos").split()


def sentence(rng, n=14):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng, section, index, per_section, link_style):
    other = rng.randrange(per_section)
    target = f"s{section:03}/p{other:05}.md"
    link = f"@/{target}#notes" if link_style == "pthv" else f"../p{other:05}/#notes"
    paras = [" ".join(sentence(rng) for _ in range(4)) for _ in range(3)]
    return textwrap.dedent(f"""\
        ## Overview

        {paras[0]}[^1]

        - {sentence(rng, 6)}
        - {sentence(rng, 8)}
        - {sentence(rng, 5)}

        ## Details

        {paras[1]} See [a related page]({link}).

        | What | When | Where |
        |------|------|-------|
        | First visit | Fall | Home |
        | Second visit | Spring | Library |

        ### Notes

        {paras[2]} **Bold words** and *emphasis* and `code`.

        1. {sentence(rng, 7)}
        2. {sentence(rng, 9)}

        [^1]: {sentence(rng, 10)}
        """)


def front(title, weight=None, slug=None):
    lines = ["+++", f'title = "{title}"']
    if weight is not None:
        lines.append(f"weight = {weight}")
    if slug:
        lines.append(f'slug = "{slug}"')
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


PTHV_CONFIG = """base_url = "https://example.org/"
theme = "bench"

[[languages]]
code = "en"
name = "English"

[[languages]]
code = "es"
name = "Español"
"""

PTHV_BASE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{% block title %}{{ page.title }}{% endblock title %}</title>
{%- for l in alternates %}<link rel="alternate" hreflang="{{ l.lang }}" href="{{ l.permalink }}">{% endfor %}
<link rel="stylesheet" href="{{ asset(path="style.css") }}"></head>
<body><a href="#main">{{ trans(key="skip", lang=lang) }}</a>
<nav>{% for l in languages %}{% if l.lang != lang %}<a href="{{ l.url }}" hreflang="{{ l.lang }}">{{ l.name }}</a>{% endif %}{% endfor %}</nav>
<main id="main">{% block main %}{% endblock main %}</main></body></html>
"""

PTHV_PAGE = """{% extends "base.html" %}{% block main %}<article><h1>{{ page.title }}</h1>
<ol>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a></li>{% endfor %}</ol>
{{ page.content | safe }}</article>
{% if prev %}<a rel="prev" href="{{ prev.url }}">{{ prev.title }}</a>{% endif %}
{% if next %}<a rel="next" href="{{ next.url }}">{{ next.title }}</a>{% endif %}
{% if section %}<nav><a href="{{ section.url }}">{{ section.title }}</a><ul>
{% for p in section.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>{% endfor %}</ul></nav>{% endif %}
{% endblock main %}
"""

PTHV_SECTION = """{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}
<ul>{% for p in page.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>{% endfor %}</ul>
<ul>{% for s in page.subsections %}<li><a href="{{ s.url }}">{{ s.title }}</a></li>{% endfor %}</ul>
{% endblock main %}
"""

HUGO_CONFIG = """baseURL = "https://example.org/"
defaultContentLanguage = "en"
disableKinds = ["taxonomy", "term", "RSS"]
[languages.en]
contentDir = "content/en"
languageName = "English"
weight = 1
[languages.es]
contentDir = "content/es"
languageName = "Español"
weight = 2
[markup.goldmark.parser.attribute]
title = true
"""

HUGO_BASE = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title>
{{- range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
{{- $css := resources.Get "style.css" | fingerprint }}<link rel="stylesheet" href="{{ $css.RelPermalink }}"></head>
<body><a href="#main">{{ i18n "skip" }}</a>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
<main id="main">{{ block "main" . }}{{ end }}</main></body></html>
"""

HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .TableOfContents }}
{{ .Content }}</article>
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .CurrentSection }}<nav><a href="{{ .RelPermalink }}">{{ .Title }}</a><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>{{ end }}
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""

CSS = "body { font-family: system-ui; max-width: 40rem; margin: auto; }\n"


def generate(out, pages, sections, seed=1):
    per_lang = pages // 2
    per_section = max(1, per_lang // sections)
    for tool in ("pthv", "hugo"):
        root = os.path.join(out, tool)
        rng = random.Random(seed)
        for lang in ("en", "es"):
            content = os.path.join(root, "content", lang)
            write(os.path.join(content, "_index.md"), front("Home" if lang == "en" else "Inicio") + "Welcome.\n")
            for s in range(sections):
                sec_slug = None if lang == "en" else f"seccion-{s:03}"
                write(os.path.join(content, f"s{s:03}", "_index.md"),
                      front(f"Section {s}" if lang == "en" else f"Sección {s}", weight=s, slug=sec_slug) + sentence(rng) + "\n")
                for p in range(per_section):
                    slug = None if lang == "en" else f"pagina-{p:05}"
                    title = f"Page {s}-{p}" if lang == "en" else f"Página {s}-{p}"
                    text = front(title, weight=p, slug=slug) + body(rng, s, p, per_section, tool)
                    write(os.path.join(content, f"s{s:03}", f"p{p:05}.md"), text)
        if tool == "pthv":
            write(os.path.join(root, "config.toml"), PTHV_CONFIG)
            theme = os.path.join(root, "themes", "bench")
            write(os.path.join(theme, "templates", "base.html"), PTHV_BASE)
            write(os.path.join(theme, "templates", "page.html"), PTHV_PAGE)
            write(os.path.join(theme, "templates", "section.html"), PTHV_SECTION)
            write(os.path.join(theme, "templates", "index.html"), PTHV_SECTION)
            write(os.path.join(theme, "templates", "404.html"), '{% extends "base.html" %}{% block title %}404{% endblock title %}{% block main %}404{% endblock main %}')
            write(os.path.join(theme, "static", "style.css"), CSS)
            write(os.path.join(theme, "i18n", "en.toml"), 'skip = "Skip to content"\n')
            write(os.path.join(theme, "i18n", "es.toml"), 'skip = "Saltar al contenido"\n')
        else:
            write(os.path.join(root, "config.toml"), HUGO_CONFIG)
            write(os.path.join(root, "layouts", "_default", "baseof.html"), HUGO_BASE)
            write(os.path.join(root, "layouts", "_default", "single.html"), HUGO_SINGLE)
            write(os.path.join(root, "layouts", "_default", "list.html"), HUGO_LIST)
            write(os.path.join(root, "layouts", "index.html"), HUGO_LIST)
            write(os.path.join(root, "layouts", "404.html"), '{{ define "main" }}404{{ end }}')
            write(os.path.join(root, "assets", "style.css"), CSS)
            write(os.path.join(root, "i18n", "en.toml"), 'skip = "Skip to content"\n')
            write(os.path.join(root, "i18n", "es.toml"), 'skip = "Saltar al contenido"\n')
    return per_section


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--sections", type=int, default=10)
    a = ap.parse_args()
    n = generate(a.out, a.pages, a.sections)
    print(f"wrote {a.pages} pages in {a.sections} sections per language ({n} pages a section) to {a.out}")
