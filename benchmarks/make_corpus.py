#!/usr/bin/env python3
"""Build the scaled BibTeX benchmark corpora for publist ("department files", about 1 KB an entry).

(This is the company's shared corpus builder, kept here so that the benchmark runs from this
repository alone; ``benchmarks/run.py --department DIR`` calls it when DIR has no corpus.)

Seed entries are real entries taken from .bib files that ship inside public
packages (see README.md in this folder for the list). Nothing is fetched from
the internet except, if it is missing, the pybtex sdist from PyPI (through
`pip download`). The Debian packages must be installed first:

    apt-get install -y --no-install-recommends texlive-bibtex-extra

(texlive-base, which brings xampl.bib, comes with it).

Usage:
    python3 make_corpus.py [--out /tmp/publist-bench] [--sizes 100,1000,10000,50000]

Output (deterministic for a given seed set):
    OUT/corpus-<N>.bib   N entries (crossref parents included in N) plus the
                         @string macros and @preamble lines the entries need
    OUT/nocite.md        a Markdown document that cites every key (nocite @*)
    OUT/seed-stats.txt   where the entries of each corpus came from

The corpus mimics a publication list: by default ~40% articles, ~20%
inproceedings, ~12% preprints with an arXiv eprint, the rest books, chapters,
reports, theses and misc. Each category is a pool of real entries; the pool is
walked in a shuffled order and, once exhausted, walked again with a replica
number r: the entry keeps all its fields, gets the key "<key>-r<r>" and a
slightly varied title. Crossref'd parents are emitted once per (parent,
replica) at the end of the file, as BibTeX requires.
"""
from __future__ import annotations

import argparse
import collections
import glob
import os
import random
import re
import subprocess
import sys

TEXMF = "/usr/share/texlive/texmf-dist/bibtex/bib"
DOCS = "/usr/share/doc/texlive-doc"

# (label, debian/pypi package, path inside the package, how many entries of
# each category to take from it at most; None = all)
SOURCES = [
    ("texbook3", "deb:texlive-bibtex-extra", f"{TEXMF}/beebe/texbook3.bib", None),
    ("typeset", "deb:texlive-bibtex-extra", f"{TEXMF}/beebe/typeset.bib", None),
    ("tugboat", "deb:texlive-bibtex-extra", f"{TEXMF}/beebe/tugboat.bib", 400),
    ("biblatex-examples", "deb:texlive-bibtex-extra",
     f"{TEXMF}/biblatex/biblatex/biblatex-examples.bib", None),
    ("iopart-num", "deb:texlive-bibtex-extra", f"{DOCS}/bibtex/iopart-num/iopart-num.bib", None),
    ("xampl", "deb:texlive-base", f"{TEXMF}/base/xampl.bib", None),
    ("pybtex-cyrillic", "pypi:pybtex==0.26.1", "tests/data/cyrillic.bib", None),
]

# category -> weight (entries per 100)
MIX = collections.OrderedDict([
    ("article", 40),
    ("inproceedings", 20),
    ("eprint", 12),
    ("book", 8),
    ("chapter", 5),
    ("report", 5),
    ("thesis", 5),
    ("other", 5),
])

TYPE_CATEGORY = {
    "article": "article",
    "inproceedings": "inproceedings", "conference": "inproceedings",
    "online": "eprint", "electronic": "eprint", "unpublished": "eprint",
    "book": "book", "mvbook": "book", "booklet": "book",
    "incollection": "chapter", "inbook": "chapter",
    "techreport": "report", "report": "report", "manual": "report",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "misc": "other", "proceedings": "other", "collection": "other",
    "mvcollection": "other", "periodical": "other", "patent": "other",
}

# biblatex fields that point at other entries; entries with these are skipped
# so that replicas stay self-contained (crossref is handled).
SKIP_FIELDS = {"entryset", "xdata", "related", "xref"}

MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
          "oct", "nov", "dec"}

TITLE_VARIANTS = ["revisited", "extended version", "part", "second look",
                  "reprint", "corrected", "supplement", "lecture notes"]


# --------------------------------------------------------------------------
# A small BibTeX reader: enough to split entries, fields and value tokens.
# --------------------------------------------------------------------------
class Entry:
    __slots__ = ("etype", "key", "fields", "source")

    def __init__(self, etype, key, fields, source):
        self.etype = etype          # as written, e.g. "Article"
        self.key = key              # as written
        self.fields = fields        # list of [name, [tokens]]
        self.source = source

    def get(self, name):
        name = name.lower()
        for fname, toks in self.fields:
            if fname.lower() == name:
                return toks
        return None

    def has(self, name):
        return self.get(name) is not None


def _skip_ws(text, i):
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def _read_braced(text, i):
    """text[i] == '{'; return index after the matching '}'."""
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced braces")


def _read_quoted(text, i):
    """text[i] == '"'; return index after the closing quote at brace depth 0."""
    depth = 0
    i += 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            return i + 1
        i += 1
    raise ValueError("unterminated quoted string")


_IDENT = re.compile(r"[^\s\"#%'(),={}]+")


def _read_value(text, i):
    toks = []
    while True:
        i = _skip_ws(text, i)
        c = text[i]
        if c == "{":
            j = _read_braced(text, i)
        elif c == '"':
            j = _read_quoted(text, i)
        else:
            m = _IDENT.match(text, i)
            if not m:
                raise ValueError(f"bad value at {i}: {text[i:i+30]!r}")
            j = m.end()
        toks.append(text[i:j])
        i = _skip_ws(text, j)
        if i < len(text) and text[i] == "#":
            i += 1
            continue
        return toks, i


def parse_bib(text, source):
    """Return (entries, strings: list[(name, toks)], preambles: list[toks])."""
    entries, strings, preambles = [], [], []
    i = 0
    while True:
        i = text.find("@", i)
        if i < 0:
            break
        m = re.compile(r"@\s*([A-Za-z][\w-]*)\s*([{(])").match(text, i)
        if not m:
            i += 1
            continue
        etype, opener = m.group(1), m.group(2)
        closer = "}" if opener == "{" else ")"
        low = etype.lower()
        j = m.end()
        if low == "comment":
            i = _read_braced(text, m.end() - 1) if opener == "{" else text.find(")", j) + 1
            continue
        if low == "preamble":
            toks, j = _read_value(text, j)
            j = _skip_ws(text, j)
            assert text[j] == closer, (source, text[j:j + 20])
            preambles.append(toks)
            i = j + 1
            continue
        if low == "string":
            j = _skip_ws(text, j)
            mm = _IDENT.match(text, j)
            name = mm.group(0)
            j = _skip_ws(text, mm.end())
            assert text[j] == "=", (source, text[j:j + 20])
            toks, j = _read_value(text, j + 1)
            j = _skip_ws(text, j)
            assert text[j] == closer, (source, text[j:j + 20])
            strings.append((name, toks))
            i = j + 1
            continue
        # regular entry: key up to the first comma
        k = text.find(",", j)
        key = text[j:k].strip()
        j = k + 1
        fields = []
        while True:
            j = _skip_ws(text, j)
            if text[j] == closer:
                j += 1
                break
            if text[j] == ",":
                j += 1
                continue
            mm = _IDENT.match(text, j)
            fname = mm.group(0)
            j = _skip_ws(text, mm.end())
            assert text[j] == "=", (source, key, text[j:j + 30])
            toks, j = _read_value(text, j + 1)
            fields.append([fname, toks])
        entries.append(Entry(etype, key, fields, source))
        i = j
    return entries, strings, preambles


def macro_refs(toks):
    out = []
    for t in toks:
        if t[0] not in "{\"" and not t.isdigit():
            out.append(t)
    return out


_UNESC_DOLLAR = re.compile(r"(?<!\\)\$")
_UNESC_PCT = re.compile(r"(?<!\\)%")
_STARRED_CMD = re.compile(r"(\\[A-Za-z]+)\*(?=\{)")


def portable_token(tok, fixes):
    """Meaning-preserving rewrites of three real-data quirks that break peers.

    - a "quoted" value with a raw % (a URL-encoded DOI): pandoc 2.17 reads the
      % as a comment start inside quotes; the same text in {braces} is read
      correctly by every tool, and BibTeX treats both forms alike;
    - an odd number of unescaped $ (a stray MARC "$r" in a tableofcontents
      field): citation-js throws on the unbalanced math; escaped as \$;
    - a starred command (biblatex's \enquote*{...}): citation-js's grammar
      throws on "\cmd*{"; written as the unstarred command (same text, outer
      instead of inner quotation marks).
    """
    if tok[0] == '"' and _UNESC_PCT.search(tok):
        tok = "{" + tok[1:-1] + "}"
        fixes["quoted %"] += 1
    if tok[0] in "{\"" and len(_UNESC_DOLLAR.findall(tok)) % 2 == 1:
        tok = _UNESC_DOLLAR.sub(r"\\$", tok)
        fixes["odd $"] += 1
    if tok[0] in "{\"" and _STARRED_CMD.search(tok):
        tok = _STARRED_CMD.sub(r"\1", tok)
        fixes["\\cmd*{"] += 1
    return tok


def serialize(entry, key, fields, drop=(), fixes=None):
    """fixes is None: the raw variant; else the portable one (drop applied)."""
    if fixes is not None:
        fields = [f for i, f in enumerate(fields) if i not in drop]
    width = max((len(f) for f, _ in fields), default=0)
    lines = [f"@{entry.etype}{{{key},"]
    for fname, toks in fields:
        if fixes is not None:
            toks = [portable_token(t, fixes) for t in toks]
        lines.append(f"  {fname.ljust(width)} = {' # '.join(toks)},")
    lines.append("}")
    return "\n".join(lines)


def vary_title(toks, r):
    """Append a short variant to the last literal part of a title."""
    suffix = f" ({TITLE_VARIANTS[r % len(TITLE_VARIANTS)]} {r})"
    toks = list(toks)
    for idx in range(len(toks) - 1, -1, -1):
        t = toks[idx]
        if t[0] in "{\"":
            toks[idx] = t[:-1] + suffix + t[-1]
            return toks
    return toks + ['"' + suffix + '"']


# --------------------------------------------------------------------------
def find_pybtex_sdist(cache):
    hits = glob.glob(os.path.join(cache, "pybtex-0.26.1", "tests", "data", "cyrillic.bib"))
    if hits:
        return os.path.join(cache, "pybtex-0.26.1")
    os.makedirs(cache, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                    "--no-binary", ":all:", "-d", cache, "pybtex==0.26.1"], check=True)
    import tarfile
    with tarfile.open(os.path.join(cache, "pybtex-0.26.1.tar.gz")) as tf:
        members = [m for m in tf.getmembers() if m.name.endswith(".bib")]
        tf.extractall(cache, members=members)
    return os.path.join(cache, "pybtex-0.26.1")


def load_seeds(cache, rng):
    pools = {c: [] for c in MIX}
    parents = {}            # lower(key) -> Entry (crossref targets)
    string_defs = {}        # name(lower) -> (name, toks, source)
    preambles = {}          # source -> list of toks
    origin = []
    renamed = 0
    seen_keys = set()
    for label, pkg, path, cap in SOURCES:
        if pkg.startswith("pypi:"):
            root = find_pybtex_sdist(cache)
            full = os.path.join(root, path)
        else:
            full = path
        if not os.path.exists(full):
            sys.exit(f"missing seed file {full} (package {pkg}); see README.md")
        with open(full, encoding="utf-8") as fh:
            text = fh.read()
        entries, strings, pre = parse_bib(text, label)
        # @string macros: a name defined differently by an earlier source is
        # renamed for this source (never happens with the current seed set
        # except for identical definitions).
        local_map = {}
        for name, toks in strings:
            low = name.lower()
            if low in string_defs and string_defs[low][1] != toks:
                new = f"{name}-{label}"
                local_map[low] = new
                string_defs[new.lower()] = (new, toks, label)
                renamed += 1
            elif low not in string_defs:
                string_defs[low] = (name, toks, label)
        if local_map:
            for e in entries:
                for f in e.fields:
                    f[1] = [local_map.get(t.lower(), t) if t[0] not in "{\"" else t for t in f[1]]
        preambles[label] = pre
        targets = {(e.get("crossref") or [""])[0].strip("{}\"").lower() for e in entries}
        targets.discard("")
        by_cat = collections.defaultdict(list)
        for e in entries:
            if e.key.lower() in seen_keys:
                continue  # Beebe's files overlap: keep the first copy
            seen_keys.add(e.key.lower())
            if e.key.lower() in targets:
                parents[e.key.lower()] = e
                continue
            low = e.etype.lower()
            if low not in TYPE_CATEGORY:
                continue  # @set, IEEEtranBSTCTL, ...
            if any(e.has(f) for f in SKIP_FIELDS):
                continue
            cat = TYPE_CATEGORY[low]
            if e.has("eprint") or (low == "misc" and "arxiv" in str(e.get("url") or "").lower()):
                cat = "eprint"
            by_cat[cat].append(e)
        for cat, lst in by_cat.items():
            if cap is not None and len(lst) > cap:
                lst = rng.sample(lst, cap)
            pools[cat].extend(lst)
            origin.append((label, pkg, path, cat, len(lst)))
    return pools, parents, string_defs, preambles, origin, renamed


def build(n_target, pools, parents, string_defs, preambles, seed=20241127):
    rng = random.Random(seed)
    orders = {c: rng.sample(p, len(p)) for c, p in pools.items()}
    cursor = {c: 0 for c in pools}
    # deterministic interleaving of categories following MIX weights
    cats = [c for c, w in MIX.items() for _ in range(w)]
    body, tail = [], []
    pending = collections.OrderedDict()   # (parent key lower, r) -> text
    used_keys = set()
    used_macros = set()
    used_sources = collections.Counter()
    dropped = collections.Counter()
    count = 0
    slot = 0
    slots = rng.sample(cats, len(cats))

    def note_macros(toks_list):
        for toks in toks_list:
            for m in macro_refs(toks):
                if m.lower() not in MONTHS:
                    used_macros.add(m.lower())

    def emit(entry, r):
        key = entry.key if r == 0 else f"{entry.key}-r{r}"
        fields = []
        drop = set()
        for fname, toks in entry.fields:
            lf = fname.lower()
            if r > 0 and lf == "title":
                toks = vary_title(toks, r)
            elif r > 0 and lf == "crossref":
                inner = toks[0][1:-1] if toks[0][0] in "{\"" else toks[0]
                toks = [toks[0][0] + f"{inner}-r{r}" + toks[0][-1]] if toks[0][0] in "{\"" \
                    else [f"{inner}-r{r}"]
            undefined = [x for x in macro_refs(toks)
                         if x.lower() not in MONTHS and x.lower() not in string_defs]
            if undefined:
                # a real defect of the seed (texbook3.bib uses @string ack-hg
                # without defining it): the portable variant drops the field
                # so that every tool can run; the raw variant keeps it
                dropped[" ".join(undefined)] += 1
                drop.add(len(fields))
            fields.append([fname, toks])
        note_macros(t for i, (_, t) in enumerate(fields) if i not in drop)
        used_sources[entry.source] += 1
        return key, (entry, key, fields, drop)

    while count + len(pending) < n_target:
        cat = slots[slot % len(slots)]
        slot += 1
        if slot % len(slots) == 0:
            slots = rng.sample(cats, len(cats))
        pool = orders[cat]
        if not pool:
            continue
        idx = cursor[cat]
        cursor[cat] += 1
        entry = pool[idx % len(pool)]
        r = idx // len(pool)
        key, text = emit(entry, r)
        assert key.lower() not in used_keys, key
        used_keys.add(key.lower())
        body.append(text)
        count += 1
        cr = entry.get("crossref")
        while cr is not None:
            pkey = cr[0].strip("{}\"").lower()
            parent = parents.get(pkey)
            if parent is None or (pkey, r) in pending:
                break
            k2, t2 = emit(parent, r)
            used_keys.add(k2.lower())
            pending[(pkey, r)] = t2
            cr = parent.get("crossref")
    tail = list(pending.values())

    # @string macros, transitively (a macro may use another macro)
    todo = list(used_macros)
    needed = set()
    while todo:
        m = todo.pop()
        if m in needed or m not in string_defs:
            continue
        needed.add(m)
        todo.extend(x.lower() for x in macro_refs(string_defs[m][1]))
    # keep definition order as in the seed files
    order = list(string_defs)
    strings = [string_defs[m] for m in order if m in needed]
    out = ["% publist benchmark corpus: {} entries, generated by make_corpus.py".format(
        count + len(tail)),
        "% seed entries come from texlive-bibtex-extra, texlive-base and the pybtex sdist;",
        "% replicated entries carry the key suffix -r<N> and a varied title.", ""]
    for label, pre in preambles.items():
        if used_sources.get(label) and pre:
            for toks in pre:
                out.append("@Preamble{" + " # ".join(toks) + "}")
    out.append("")
    for name, toks, _ in strings:
        out.append(f"@String{{{name} = {' # '.join(toks)}}}")
    out.append("")
    out.append("@@BODY@@")
    out.append("")
    out.append("%%% Cross-referenced entries must come last")
    out.append("@@TAIL@@")
    out.append("")
    head = "\n".join(out)
    texts = {}
    for variant in ("portable", "raw"):
        fixes = collections.Counter() if variant == "portable" else None
        b = "\n\n".join(serialize(*x, fixes=fixes) for x in body)
        t = "\n\n".join(serialize(*x, fixes=fixes) for x in tail)
        texts[variant] = head.replace("@@BODY@@", b).replace("@@TAIL@@", t)
        if fixes:
            print(f"corpus-{n_target}: portable rewrites: {dict(fixes)}", file=sys.stderr)
    if dropped:
        print(f"corpus-{n_target}: dropped fields using undefined macros: {dict(dropped)}",
              file=sys.stderr)
    return texts, count + len(tail), used_sources, len(strings)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/publist-bench")
    ap.add_argument("--sizes", default="100,1000,10000,50000")
    ap.add_argument("--seed", type=int, default=20241127)
    ap.add_argument("--raw-max", type=int, default=10000,
                    help="also write corpus-N.raw.bib (seed quirks kept) for N up to this")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    pools, parents, string_defs, preambles, origin, renamed = load_seeds(
        os.path.join(args.out, "seeds"), rng)
    stats = ["seed pools (source, package, path, category, entries):"]
    for row in origin:
        stats.append("  %-18s %-26s %s  %-13s %d" % row)
    stats.append("pool sizes: " + ", ".join(f"{c}={len(p)}" for c, p in pools.items()))
    stats.append(f"crossref parents available: {len(parents)}; @string renamed: {renamed}")
    for size in [int(s) for s in args.sizes.split(",")]:
        texts, n, used, nstr = build(size, pools, parents, string_defs, preambles, args.seed)
        text = texts["portable"]
        with open(os.path.join(args.out, f"corpus-{size}.bib"), "w", encoding="utf-8") as fh:
            fh.write(text)
        if size <= args.raw_max:
            with open(os.path.join(args.out, f"corpus-{size}.raw.bib"), "w",
                      encoding="utf-8") as fh:
                fh.write(texts["raw"])
        stats.append(f"corpus-{size}.bib: {n} entries, {nstr} @string, "
                     f"{len(text.encode())} bytes; from " +
                     ", ".join(f"{k}={v}" for k, v in sorted(used.items())))
        print(stats[-1])
    with open(os.path.join(args.out, "nocite.md"), "w", encoding="utf-8") as fh:
        fh.write("---\nnocite: |\n  @*\n---\n\n# Publications\n")
    with open(os.path.join(args.out, "seed-stats.txt"), "w") as fh:
        fh.write("\n".join(stats) + "\n")


if __name__ == "__main__":
    main()
