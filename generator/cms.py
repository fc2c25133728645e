"""The web editor at /admin/: Decap CMS, its config derived from the record kinds of schema.py.

Every kind in ``KINDS`` becomes a collection (a folder collection, one file per record, or a
file collection for a kind that is a single file), and every field describes its own widget
(``Field.decap`` in fields.py), so the editor's forms cannot drift from what `check` accepts.
The Decap bundle is copied from node_modules (npm ``decap-cms``, pinned in package.json), so
the editor is served by the site itself and contacts no other host until an editor signs in.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import jinja2
import yaml
from markupsafe import Markup

from generator.fields import Ref, Text
from generator.schema import KINDS, KINDS_BY_NAME, RecordKind
from generator.settings import Settings
from generator.values import LANGUAGES, SOURCE_LANGUAGE

AUTH_URL_VARIABLE = "CMS_AUTH_URL"  # the OAuth proxy's base URL, read at build time like SITE_URL
BUNDLE = Path("node_modules") / "decap-cms" / "dist"
FAVICON = Path("assets") / "images" / "favicon.svg"  # below docs/: the site's logo and favicon
LOGO = "logo.svg"  # beside the page, in /admin/
_SVG = "http://www.w3.org/2000/svg"
_BUNDLE_FILES = re.compile(r"^(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)$")


class BundleMissing(Exception):
    """node_modules holds no Decap bundle: `npm ci` has not been run."""


def plural(title: str) -> str:
    """'partner' -> 'Partners', 'workshop or meeting' -> 'Workshops or meetings', 'PID' -> 'PIDs'."""
    def one(words: str) -> str:
        head, _, last = words.rpartition(" ")
        if re.search(r"(s|x|ch|sh)$", last):
            last += "es"
        elif re.search(r"[^aeiou]y$", last):
            last = last[:-1] + "ies"
        else:
            last += "s"
        return f"{head} {last}".strip()
    text = " or ".join(one(part) for part in title.split(" or "))
    return text[:1].upper() + text[1:]


def display_field(kind: RecordKind) -> str:
    """The field path that names a record in lists and relation widgets: its name or title, else its first reference."""
    fields = kind.shape.fields
    for name in ("name", "title"):
        spec = fields.get(name)
        if isinstance(spec, Text):
            return f"{name}.en" if spec.translatable and not spec.auto_translated else name
    for name, spec in fields.items():
        if isinstance(spec, Ref) and spec.required:
            return name
    return next(iter(fields))


@dataclass(frozen=True)
class _Relations:
    """Answers fields.Relations: a reference to a kind is a search over that kind's collection."""

    def relation(self, kind: str) -> dict[str, Any]:
        target = KINDS_BY_NAME[kind]
        shown = display_field(target)
        return {"collection": target.name, "value_field": "{{slug}}", "search_fields": [shown],
                "display_fields": [shown], "options_length": 500}


def github_repo(repo_url: str) -> str:
    """'owner/name' of a github.com repository URL, or '' for another host."""
    parts = urlsplit(repo_url)
    path = parts.path.strip("/").removesuffix(".git")
    return path if parts.hostname in ("github.com", "www.github.com") and path.count("/") == 1 else ""


def collection(kind: RecordKind) -> dict[str, Any]:
    """A folder collection per kind (slug = record id), or a file collection for a single-file kind."""
    fields = kind.shape.decap_fields(_Relations())
    label = plural(kind.title)
    if not kind.folder:
        return {"name": kind.name, "label": label[:-1] if label.endswith("s") else label, "editor": {"preview": False},
                "files": [{"name": kind.name, "label": kind.title[:1].upper() + kind.title[1:], "file": f"content/{kind.name}.yml",
                           "format": "yml", "description": kind.doc, "fields": fields}]}
    shown = display_field(kind)
    return {
        "name": kind.name,
        "label": label,
        "label_singular": kind.title[:1].upper() + kind.title[1:],
        "description": kind.doc + " The file name is the record's id.",
        "folder": f"content/{kind.folder}",
        "extension": "yml",
        "format": "yml",
        "create": True,
        "delete": False,  # removing a record breaks the references to it: a reviewer does that in git
        "identifier_field": shown,
        "slug": "{{slug}}",
        "summary": "{{" + shown + "}}" + ("" if isinstance(kind.shape.fields.get(shown), Ref) else " ({{slug}})"),
        "sortable_fields": [shown],
        "editor": {"preview": False},
        "fields": fields,
    }


def config(settings: Settings, *, auth_url: str = "", local_backend: str = "") -> dict[str, Any]:
    """The Decap config: GitHub backend with pull requests (editorial workflow), one collection per kind.

    ``local_backend`` is the URL of a `decap-server` (editing files on this computer); Decap
    uses it only when the editor is opened from localhost or 127.0.0.1.
    """
    backend: dict[str, Any] = {"name": "github", "repo": github_repo(settings.repo_url) or "OWNER/REPOSITORY",
                               "branch": settings.edit_branch, "squash_merges": True,
                               "commit_messages": {"create": "Add {{collection}} {{slug}}", "update": "Edit {{collection}} {{slug}}",
                                                   "delete": "Remove {{collection}} {{slug}}",
                                                   "uploadMedia": "Upload {{path}}", "deleteMedia": "Remove {{path}}"}}
    if auth_url:
        backend["base_url"] = auth_url.rstrip("/")
        backend["auth_endpoint"] = "auth"
    result: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "local_backend": {"url": local_backend} if local_backend else True,
        "locale": SOURCE_LANGUAGE,
        "logo": {"src": LOGO, "show_in_header": True},
        "media_folder": "docs/assets/images/uploads",
        "public_folder": "/assets/images/uploads",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(kind) for kind in KINDS],
    }
    # The interface's other languages, as Decap's per-environment settings: the page sets CMS_ENV to the one it picks.
    result.update({lang: {"locale": lang} for lang in LANGUAGES[1:]})
    if settings.site_url:
        result["site_url"] = result["display_url"] = settings.site_url
    return result


def config_yaml(data: dict[str, Any]) -> str:
    header = "# Generated by `python -m generator` from generator/schema.py: do not edit by hand.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200, default_flow_style=False)


def bundle_folder(root: Path) -> Path:
    """The Decap bundle of this project's node_modules (or of the generator's own checkout, for copies of content)."""
    for base in (root, Path(__file__).resolve().parent.parent):
        if (base / BUNDLE / "decap-cms.js").is_file():
            return base / BUNDLE
    raise BundleMissing(f"{root / BUNDLE / 'decap-cms.js'} is missing; run 'npm ci' (Node 20) to install the web editor")


def _templates(settings: Settings) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(settings.templates / "admin"), autoescape=True, undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def index_html(settings: Settings, *, auth_url: str, repo: str) -> str:
    return _templates(settings).get_template("index.html.j2").render(auth_url=auth_url, repo=repo, variable=AUTH_URL_VARIABLE,
                                                                     languages=list(LANGUAGES))


def logo_svg(settings: Settings) -> str:
    """The site's logo (its favicon, in the theme's indigo) beside the site's name, for Decap's login page and header."""
    ElementTree.register_namespace("", _SVG)
    shield = ElementTree.fromstring((settings.docs / FAVICON).read_text(encoding="utf-8"))
    shield.attrib.update({"x": "0", "y": "4", "width": "64", "height": "64", "color": "#3f51b5"})
    name = settings.site_name or "Content editor"
    width = 84 + 20 * len(name)  # about 0.65 em a character in bold at 30 px; textLength makes any font fit it
    return _templates(settings).get_template("logo.svg.j2").render(
        name=name, width=width, shield=Markup(ElementTree.tostring(shield, encoding="unicode")))


def admin_files(settings: Settings, *, auth_url: str | None = None, local_backend: str = "") -> dict[str, bytes]:
    """Every file of /admin/: the page, the generated config and the Decap bundle.

    ``auth_url`` defaults to the environment's CMS_AUTH_URL; without one the page explains
    what to configure and loads the editor only for a local `decap-server`.
    """
    auth_url = os.environ.get(AUTH_URL_VARIABLE, "").strip() if auth_url is None else auth_url
    data = config(settings, auth_url=auth_url, local_backend=local_backend)
    files = {"index.html": index_html(settings, auth_url=auth_url, repo=data["backend"]["repo"]).encode("utf-8"),
             "config.yml": config_yaml(data).encode("utf-8"), LOGO: logo_svg(settings).encode("utf-8")}
    bundle = bundle_folder(settings.root)
    for path in sorted(bundle.iterdir()):
        if _BUNDLE_FILES.match(path.name):
            files[path.name] = path.read_bytes()
    return files


def write_admin(settings: Settings, folder: Path, **options: Any) -> Path:
    """Write /admin/ into ``folder`` (a site being built)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in admin_files(settings, **options).items():
        (folder / name).write_bytes(data)
    return folder


def check_auth_url(value: str) -> str:
    """'' if the proxy URL is usable, else what is wrong with it."""
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        return f"{AUTH_URL_VARIABLE}={value!r} must be an https:// URL, e.g. https://acip-cms-auth.example.org"
    return ""

