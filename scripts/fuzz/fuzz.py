#!/usr/bin/env python3
"""Mutation fuzzer for the evalbench binary (stdlib + numpy only). See README.md beside this file.

    python3 scripts/fuzz/fuzz.py --binary .build/release/evalbench --minutes 5 [--surface NAME ...] [--seed N] [--out DIR]

Every case is one mutation of a valid seed input, run in its own temporary folder, each binary run under `nice` and a
timeout. Verdicts: CRASH, HANG, RAW_ERROR, SILENT_WRONG, SERVER_5XX_ON_CLIENT_ERROR, OK. One folder per distinct finding
class (surface, family, verdict) is written under --out with a repro.sh and the output.
"""
import argparse
import base64
import glob
import json
import math
import os
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(HERE))
SURFACES = ['safetensors', 'config', 'tasks', 'text', 'cache', 'gate', 'cli', 'serve']
VERDICTS = ['OK', 'CRASH', 'HANG', 'RAW_ERROR', 'SILENT_WRONG', 'SERVER_5XX_ON_CLIENT_ERROR']
RAW_RE = re.compile(r'Error Domain=|NSCocoaErrorDomain|Swift\.DecodingError|DecodingError\.|keyNotFound\(|typeMismatch\(|'
                    r'valueNotFound\(|dataCorrupted\(|CodingKeys\(stringValue|codingPath: \[|debugDescription:')
I64MAX = 2 ** 63 - 1
TEXTS = ['hello world', 'the cat sat on the mat', 'quantum chromodynamics lecture notes']
LONG_TEXT = ' '.join(['antidisestablishmentarianism', 'river', 'bank', 'interest', 'rates'] * 160)

# Which known finding (../shared/fuzz-findings/NN-*) a (surface, family) most resembles; only a hint for the report.
KNOWN = {
    ('config', 'tokenizer-vocab-id'): '01', ('config', 'post-processor'): '02', ('config', 'max-seq-length'): '02',
    ('safetensors', 'nan-values'): '03', ('config', 'layer-norm-eps'): '03', ('config', 'config-int'): '04',
    ('cli', 'embed-threads'): '04', ('tasks', 'k-values'): '05', ('text', 'special-run'): '06', ('text', 'crlf-txt'): '07',
    ('text', 'crlf-jsonl'): '07', ('safetensors', 'shape-huge'): '08', ('config', 'dense'): '09',
    ('tasks', 'main-score'): '10', ('tasks', 'all-same-gold'): '11', ('tasks', 'score-scale'): '11/12',
    ('tasks', 'row-number'): '12/27', ('tasks', 'row-type'): '12', ('cli', 'run-batch-size'): '13',
    ('tasks', 'n-experiments'): '14', ('tasks', 'unseen-labels'): '15', ('gate', 'detail-label'): '16',
    ('gate', 'main-drop'): '17', ('gate', 'main-value'): '17', ('cli', 'run-timeout'): '18', ('cli', 'run-task'): '19',
    ('cli', 'run-dims'): '19', ('cli', 'run-precision'): '19', ('cli', 'leaderboard-missing'): '19',
    ('gate', 'json-target'): '20', ('cache', 'nan-vectors'): '21', ('cache', 'inf-vectors'): '21',
    ('cache', 'flip-vector-bit'): '22', ('tasks', 'splits'): '23', ('serve', 'bad-chunked'): '25',
    ('serve', 'huge-body'): '25', ('serve', 'slow-hostile'): '25', ('tasks', 'dir-as-task'): '26',
    ('cli', 'run-output'): '26',
}


def log(*a):
    print(*a, flush=True)


# ----------------------------------------------------------------------------------------------------------------------
# running the binary

class Res:
    def __init__(self, argv, cwd, rc, out, err, elapsed, timed_out):
        self.argv, self.cwd, self.rc, self.out, self.err = argv, cwd, rc, out, err
        self.elapsed, self.timed_out = elapsed, timed_out

    @property
    def text(self):
        return self.out + '\n' + self.err


def _limits(mem_bytes):
    def f():
        if mem_bytes:
            try:
                resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
            except Exception:
                pass
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return f


def dec(b, limit=40000):
    s = b.decode('utf-8', 'replace')
    return s if len(s) <= limit else s[:limit // 2] + '\n…[%d chars cut]…\n' % (len(s) - limit) + s[-limit // 2:]


class Ctx:
    def __init__(self, a):
        self.binary = os.path.abspath(a.binary)
        self.timeout = a.timeout
        self.seed = a.seed
        self.out = os.path.abspath(a.out)
        self.mem = a.mem_mb * 1024 * 1024
        self.nice = a.nice
        self.model = a.model or find_model()
        self.tasks_src = os.path.join(PROJECT, 'Tasks')
        self.root = tempfile.mkdtemp(prefix='evalbench-fuzz-')
        self.keep = a.keep
        self.cmds = []          # the commands of the current case, for repro.sh
        self._cache = {}
        self.args = a

    def run(self, args, cwd, timeout=None, env=None):
        argv = ['nice', '-n', str(self.nice), self.binary] + [str(x) for x in args]
        self.cmds.append((cwd, [self.binary] + [str(x) for x in args]))
        t = timeout or self.timeout
        e = dict(os.environ)
        e.setdefault('EVALBENCH_CACHE', os.path.join(cwd, '.unused-cache'))
        if env:
            e.update(env)
        t0 = time.time()
        p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                             start_new_session=True, preexec_fn=_limits(self.mem), env=e)
        timed_out = False
        try:
            out, err = p.communicate(timeout=t)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = p.communicate()
        return Res(argv, cwd, p.returncode, dec(out), dec(err), time.time() - t0, timed_out)

    def memo(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]


def find_model():
    hub = os.environ.get('HF_HUB_CACHE') or os.path.join(os.environ.get('HF_HOME', os.path.expanduser('~/.cache/huggingface')), 'hub')
    c = sorted(glob.glob(os.path.join(hub, 'models--sentence-transformers--all-MiniLM-L6-v2/snapshots/*/')))
    if not c:
        sys.exit('fuzz.py: all-MiniLM-L6-v2 not found in the Hugging Face cache (give --model)')
    return c[0]


def base_verdict(r):
    """CRASH / HANG / RAW_ERROR from one run, else None."""
    if r.timed_out:
        return 'HANG', 'no exit after %.0f s (killed)' % r.elapsed
    if r.rc is None or r.rc < 0 or r.rc >= 128:
        sig = -r.rc if r.rc is not None and r.rc < 0 else (r.rc - 128 if r.rc else 0)
        name = signal.Signals(sig).name if sig in [s.value for s in signal.Signals] else str(sig)
        return 'CRASH', 'exit status %s (signal %s)' % (r.rc, name)
    if 'Fatal error' in r.text:
        line = next(l for l in r.text.splitlines() if 'Fatal error' in l)
        return 'CRASH', line.strip()[:200]
    m = RAW_RE.search(r.text)
    if m:
        line = next((l for l in r.text.splitlines() if RAW_RE.search(l)), m.group(0))
        return 'RAW_ERROR', 'raw error text: ' + line.strip()[:200]
    return None


def first_error_line(r):
    for l in (r.err + '\n' + r.out).splitlines():
        if 'rror' in l or 'invalid' in l.lower():
            return l.strip()[:160]
    return (r.err.strip().splitlines() or r.out.strip().splitlines() or [''])[-1][:160]


def clean_exit(r):
    return r.rc in (1, 2, 64)


def nonzero_ok(r):
    if clean_exit(r):
        return 'OK', 'refused (exit %d): %s' % (r.rc, first_error_line(r))
    return 'OK', 'refused with unusual exit status %d: %s' % (r.rc, first_error_line(r))


# ----------------------------------------------------------------------------------------------------------------------
# helpers: files

def write(path, data):
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def jdump(o):
    return json.dumps(o, indent=1).encode()


def model_case(ctx, casedir, overrides, remove=()):
    """A model folder in casedir/m: symlinks to the real model's files, except `overrides` (relpath -> bytes)."""
    m = os.path.join(casedir, 'm')
    src = ctx.model
    for dp, dn, fn in os.walk(src):
        for f in fn:
            rel = os.path.relpath(os.path.join(dp, f), src)
            if rel in overrides or rel in remove:
                continue
            dst = os.path.join(m, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            os.symlink(os.path.realpath(os.path.join(dp, f)), dst)
    for rel, data in overrides.items():
        write(os.path.join(m, rel), data)
    return m


def model_file(ctx, rel):
    return ctx.memo(('file', rel), lambda: open(os.path.join(ctx.model, rel), 'rb').read())


def model_json(ctx, rel):
    return json.loads(model_file(ctx, rel))


def safetensors_parts(ctx):
    def load():
        raw = model_file(ctx, 'model.safetensors')
        n = struct.unpack('<Q', raw[:8])[0]
        return n, json.loads(raw[8:8 + n]), raw[8 + n:]
    return ctx.memo('st', load)


def st_bytes(header, body, pad=True):
    hb = json.dumps(header).encode() if not isinstance(header, bytes) else header
    if pad:
        hb += b' ' * ((8 - len(hb) % 8) % 8)
    return struct.pack('<Q', len(hb)) + hb + body


def load_npy(path):
    try:
        return np.load(path, allow_pickle=False)
    except Exception as e:
        return e


def load_safetensors_out(path):
    try:
        raw = open(path, 'rb').read()
        n = struct.unpack('<Q', raw[:8])[0]
        h = json.loads(raw[8:8 + n])
        k = [x for x in h if x != '__metadata__'][0]
        t = h[k]
        a, b = t['data_offsets']
        dt = {'F32': '<f4', 'F16': '<f2'}[t['dtype']]
        return np.frombuffer(raw[8 + n + a:8 + n + b], dt).reshape(t['shape'])
    except Exception as e:
        return e


def check_matrix(a, n_rows, width=None, distinct=True):
    """None if the matrix looks right, else a reason."""
    if isinstance(a, Exception):
        return 'exit 0 but the output is unreadable: %s' % a
    if a.ndim != 2:
        return 'exit 0 but the output has shape %s' % (a.shape,)
    if isinstance(n_rows, (set, frozenset, tuple, list)):
        if a.shape[0] not in n_rows:
            return 'exit 0 but %d rows written (expected %s)' % (a.shape[0], ' or '.join(map(str, sorted(n_rows))))
    elif a.shape[0] != n_rows:
        return 'exit 0 but %d rows written (expected %d)' % (a.shape[0], n_rows)
    if a.shape[0] and a.shape[1] == 0:
        return 'exit 0 but the embeddings are 0 wide (shape %s)' % (a.shape,)
    if width and a.shape[1] != width:
        return 'exit 0 but the embeddings are %d wide (expected %d)' % (a.shape[1], width)
    if not np.all(np.isfinite(a)):
        return 'exit 0 but %d of %d values are NaN/Inf' % (int((~np.isfinite(a)).sum()), a.size)
    if distinct and a.shape[0] > 1 and np.allclose(a[0], a[1:], atol=1e-6):
        return 'exit 0 but every row is the same vector (distinct texts)'
    return None


# ----------------------------------------------------------------------------------------------------------------------
# case machinery

class Case:
    def __init__(self, surface, idx, family, desc, execute, expect=None):
        self.surface, self.idx, self.family, self.desc, self.execute = surface, idx, family, desc, execute


def pick(rng, k, values):
    """The k-th value of a family: the listed order first (most interesting first), then random choices."""
    return values[k] if k < len(values) else rng.choice(values)


def family_schedule(families, idx, rng):
    f = families[idx % len(families)]
    return f, idx // len(families)


INT_BAD = [-1, 0, 2 ** 31, I64MAX, 2 ** 64, 1e300, 6.5, '6', None, True]


# ======================================================================================================================
# surface 1: safetensors

def embed_case(ctx, casedir, m, expect_reject, why, texts=None, n_expected=None, extra=()):
    texts = texts or TEXTS
    write(os.path.join(casedir, 'in.txt'), '\n'.join(texts) + '\n')
    r = ctx.run(['embed', '--model', m, '--input', 'in.txt', '--output', 'out.npy'] + list(extra), casedir)
    v = base_verdict(r)
    if v:
        return v + (r,)
    if r.rc != 0:
        return nonzero_ok(r) + (r,)
    bad = check_matrix(load_npy(os.path.join(casedir, 'out.npy')), n_expected or len(texts))
    if bad:
        return 'SILENT_WRONG', bad, r
    if expect_reject:
        return 'SILENT_WRONG', 'exit 0 on an invalid model (%s)' % why, r
    return 'OK', 'accepted, output sane', r


def gen_safetensors(ctx, rng, idx):
    fams = ['header-len', 'shape-huge', 'nan-values', 'dtype', 'shape-zero', 'shape-negative', 'offsets-range',
            'offsets-overlap', 'truncate', 'header-json', 'missing-tensor', 'shape-type', 'metadata']
    fam, k = family_schedule(fams, idx, rng)
    n, h, body = safetensors_parts(ctx)
    f32 = [t for t in h if t != '__metadata__' and h[t]['dtype'] == 'F32']
    big = [t for t in f32 if len(h[t]['shape']) == 2]
    name = rng.choice(f32)
    h = json.loads(json.dumps(h))
    reject, why, data = True, fam, None
    if fam == 'header-len':
        v = pick(rng, k, [2 ** 64 - 1, I64MAX, 0, n + len(body) + 1, 1, 7, n - 1, n + 1, 2 ** 32, n + 8])
        raw = model_file(ctx, 'model.safetensors')
        data, why = struct.pack('<Q', v) + raw[8:], 'header length %d' % v
    elif fam == 'shape-huge':
        v = pick(rng, k, [[4611686018427387906, 4], [2 ** 62 + 1, 4], [2 ** 61 + 4, 8], [2 ** 63 - 1, 2 ** 63 - 1],
                          [2 ** 64 + 8], [2 ** 32, 2 ** 32, 2], [1 << 40]])
        if rng.random() < 0.6 or k == 0:
            h['x'] = {'dtype': 'F32', 'shape': v, 'data_offsets': [len(body), len(body) + 32]}
            data, why = st_bytes(h, body + b'\0' * 32), 'extra tensor of shape %s with 32 bytes' % v
        else:
            h[name]['shape'] = v
            data, why = st_bytes(h, body), '%s shape %s' % (name, v)
    elif fam == 'nan-values':
        v = pick(rng, k, ['nan', 'inf', '-inf', 'nan-all', '1e38', '3.4e38-all'])
        name = pick(rng, k, ['embeddings.LayerNorm.bias'] + f32) if k == 0 else name
        a, b = h[name]['data_offsets']
        bb = bytearray(body)
        if v.endswith('-all'):
            val = float(v[:-4])
            bb[a:b] = np.full((b - a) // 4, val, '<f4').tobytes()
        else:
            j = a + 4 * rng.randrange((b - a) // 4)
            bb[j:j + 4] = struct.pack('<f', float(v))
        data, why = st_bytes(h, bytes(bb)), '%s in %s' % (v, name)
        reject = 'nan' in v or 'inf' in v
    elif fam == 'dtype':
        v = pick(rng, k, ['F64', 'F16', 'BF16', 'I8', 'U8', 'BOOL', 'XYZ', '', 5, None, 'F8_E4M3'])
        h[name]['dtype'] = v
        data, why = st_bytes(h, body), '%s dtype %r (data unchanged)' % (name, v)
    elif fam == 'shape-zero':
        name = rng.choice(big)
        v = pick(rng, k, [[0, h[name]['shape'][1]], [0], [h[name]['shape'][0], 0], [0, 0], []])
        h[name]['shape'] = v
        data, why = st_bytes(h, body), '%s shape %s' % (name, v)
    elif fam == 'shape-negative':
        name = rng.choice(big)
        s = h[name]['shape']
        v = pick(rng, k, [[-1, s[1]], [-s[0], -s[1]], [s[0], -1], [-2 ** 63, 1]])
        h[name]['shape'] = v
        data, why = st_bytes(h, body), '%s shape %s' % (name, v)
    elif fam == 'shape-type':
        v = pick(rng, k, ['384', [384.5], None, [[384]], {'a': 1}, [True]])
        h[name]['shape'] = v
        data, why = st_bytes(h, body), '%s shape %r' % (name, v)
    elif fam == 'offsets-range':
        a, b = h[name]['data_offsets']
        v = pick(rng, k, [[a, len(body) + 4], [b, a], [-4, b - a - 4], [len(body), len(body) + (b - a)],
                          [2 ** 64 - 4, 2 ** 64 - 4 + b - a], [a, I64MAX], [a + 1, b + 1], [a, b, 7]])
        h[name]['data_offsets'] = v
        data, why = st_bytes(h, body), '%s data_offsets %s (body %d bytes)' % (name, v, len(body))
    elif fam == 'offsets-overlap':
        # two tensors of one shape sharing one byte range (the safetensors format forbids overlaps and holes)
        groups = {}
        for t in big:
            groups.setdefault((tuple(h[t]['shape'])), []).append(t)
        pairs = [g for g in groups.values() if len(g) > 1]
        g = rng.choice(pairs)
        t1, t2 = rng.sample(g, 2)
        h[t1]['data_offsets'] = list(h[t2]['data_offsets'])
        data, why = st_bytes(h, body), '%s points at the bytes of %s' % (t1, t2)
    elif fam == 'truncate':
        raw = model_file(ctx, 'model.safetensors')
        v = pick(rng, k, [len(raw) - 1, 8 + n, 8 + n // 2, 4, 0, 8 + n + 100, len(raw) // 2, len(raw) - 4096])
        data, why = raw[:v], 'file cut to %d of %d bytes' % (v, len(raw))
    elif fam == 'header-json':
        v = pick(rng, k, ['array', 'deep', 'empty', 'notjson', 'nonutf8', 'dupkey', 'nul'])
        hb = {'array': b'[1,2,3]', 'deep': b'[' * 100000 + b']' * 100000, 'empty': b'{}', 'notjson': b'hello!!!',
              'nonutf8': json.dumps(h).encode().replace(b'"F32"', b'"F\xff2"', 1), 'nul': b'{"a\x00": 1}',
              'dupkey': json.dumps(h).encode()[:-1] + b', "%s": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}' % name.encode()}[v]
        data, why = st_bytes(hb, body), 'header %s' % v
    elif fam == 'missing-tensor':
        name = pick(rng, k, ['embeddings.word_embeddings.weight'] + f32) if k == 0 else name
        del h[name]
        data, why = st_bytes(h, body), 'tensor %s removed from the header (its bytes stay: a hole)' % name
    elif fam == 'metadata':
        v = pick(rng, k, [{'format': 5}, [1], 'x', {'format': 'tf'}, {'a' * 10000: 'b'}])
        h['__metadata__'] = v
        data, why = st_bytes(h, body), '__metadata__ %r' % (v if len(str(v)) < 50 else '…')
        reject = False

    def execute(casedir):
        m = model_case(ctx, casedir, {'model.safetensors': data})
        return embed_case(ctx, casedir, m, reject, why)
    return Case('safetensors', idx, fam, why, execute)


# ======================================================================================================================
# surface 2: model configs

def dense_files(in_f, out_f, wshape=None, bshape=None, act='torch.nn.modules.linear.Identity', fill=0.01):
    wshape = wshape if wshape is not None else [out_f, in_f]
    bshape = bshape if bshape is not None else [out_f]
    nw = max(0, int(np.prod(wshape))) if all(isinstance(x, int) and x >= 0 for x in wshape) else 0
    nb = max(0, int(np.prod(bshape))) if all(isinstance(x, int) and x >= 0 for x in bshape) else 0
    nw, nb = min(nw, 1 << 24), min(nb, 1 << 24)
    w = (np.random.RandomState(0).randn(nw).astype('<f4') * fill).tobytes()
    b = np.zeros(nb, '<f4').tobytes()
    h = {'linear.weight': {'dtype': 'F32', 'shape': wshape, 'data_offsets': [0, len(w)]},
         'linear.bias': {'dtype': 'F32', 'shape': bshape, 'data_offsets': [len(w), len(w) + len(b)]}}
    cfg = {'in_features': in_f, 'out_features': out_f, 'bias': True, 'activation_function': act}
    return jdump(cfg), st_bytes(h, w + b)


def gen_config(ctx, rng, idx):
    fams = ['config-int', 'max-seq-length', 'tokenizer-vocab-id', 'post-processor', 'layer-norm-eps', 'dense',
            'pooling', 'modules', 'config-str', 'added-tokens', 'tokenizer-model', 'sbert-other']
    fam, k = family_schedule(fams, idx, rng)
    ov, remove, reject, why = {}, (), True, fam
    texts, n_expected = TEXTS + [LONG_TEXT], None
    cfg = model_json(ctx, 'config.json')
    tok = model_json(ctx, 'tokenizer.json')
    if fam == 'config-int':
        field = pick(rng, k, ['num_hidden_layers', 'hidden_size', 'num_attention_heads', 'intermediate_size',
                              'max_position_embeddings', 'vocab_size', 'type_vocab_size', 'pad_token_id'])
        v = pick(rng, k // 8, [2147483648, -1, 0, I64MAX, 2 ** 64, 1e300, 6.5, '6', None, True, 7, 5, 1])
        if k == 0:
            field, v = 'num_hidden_layers', 2147483648
        cfg[field] = v
        ov['config.json'] = jdump(cfg)
        why = 'config.json %s = %r' % (field, v)
        orig = model_json(ctx, 'config.json')[field]
        if field == 'pad_token_id':
            reject = not (isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 30522)
        elif field == 'num_hidden_layers':
            reject = not (isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 6)
        elif field == 'num_attention_heads':
            reject = not (isinstance(v, int) and not isinstance(v, bool) and v > 0 and 384 % v == 0)
        else:
            reject = v != orig or isinstance(v, bool)
    elif fam == 'config-str':
        field, v = pick(rng, k, [('hidden_act', 'relu'), ('model_type', 'gpt2'), ('position_embedding_type', 'relative_key'),
                                 ('model_type', ''), ('hidden_act', 5), ('model_type', None), ('hidden_act', 'gelu_new')])
        cfg[field] = v
        ov['config.json'] = jdump(cfg)
        why = 'config.json %s = %r' % (field, v)
    elif fam == 'layer-norm-eps':
        v = pick(rng, k, [-1, -1e-12, 1e300, 'x', None, 0, 1e38])
        cfg['layer_norm_eps'] = v
        ov['config.json'] = jdump(cfg)
        why = 'config.json layer_norm_eps = %r' % v
        reject = not (isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < 1) and v is not None
    elif fam == 'max-seq-length':
        v = pick(rng, k, [0, 1, -1, 2, I64MAX, 100000, 513, '256', 1.5, None, -2 ** 63])
        ov['sentence_bert_config.json'] = jdump({'max_seq_length': v, 'do_lower_case': False})
        why = 'sentence_bert_config.json max_seq_length = %r' % v
        reject = not (v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 2))
    elif fam == 'tokenizer-vocab-id':
        v = pick(rng, k, [1000000, 30522, -1, I64MAX, 2 ** 40, 30521 + 2 ** 32, 1.5, '7'])
        tok['model']['vocab']['hello'] = v
        ov['tokenizer.json'] = json.dumps(tok).encode()
        why = 'tokenizer.json vocab "hello" -> %r (the table has 30522 rows)' % v
    elif fam == 'post-processor':
        v = pick(rng, k, ['600cls', 'unknown-special', 'empty', 'type-id-5', 'type-id-neg', 'ids-out-of-range',
                          'seq-b-in-single', 'no-template', '510cls'])
        pp = tok['post_processor']
        if v in ('600cls', '510cls'):
            pp['single'] = [{'SpecialToken': {'id': '[CLS]', 'type_id': 0}}] * int(v[:3]) + pp['single'][1:]
            reject = v == '600cls'
            if v == '510cls':
                reject = False
        elif v == 'unknown-special':
            pp['single'][0] = {'SpecialToken': {'id': '[FOO]', 'type_id': 0}}
        elif v == 'empty':
            pp['single'] = []
        elif v == 'type-id-5':
            pp['single'][1]['Sequence']['type_id'] = 5
        elif v == 'type-id-neg':
            pp['single'][1]['Sequence']['type_id'] = -1
        elif v == 'ids-out-of-range':
            pp['special_tokens']['[CLS]']['ids'] = [999999]
        elif v == 'seq-b-in-single':
            pp['single'][1]['Sequence']['id'] = 'B'
            reject = False
        elif v == 'no-template':
            tok['post_processor'] = None
            reject = False
        ov['tokenizer.json'] = json.dumps(tok).encode()
        why = 'tokenizer.json post_processor: %s' % v
    elif fam == 'added-tokens':
        v = pick(rng, k, ['empty-content', 'id-huge', 'single-char-special', 'id-negative', 'dup-content'])
        at = tok['added_tokens']
        base = dict(at[0])
        if v == 'empty-content':
            at.append(dict(base, id=5, content=''))
        elif v == 'id-huge':
            at.append(dict(base, id=1000000, content='[HUGE]'))
            texts = ['[HUGE] hello', 'the cat [HUGE]', 'quantum']
        elif v == 'single-char-special':
            at.append(dict(base, id=1037, content='a'))
            reject = False
        elif v == 'id-negative':
            at.append(dict(base, id=-5, content='[NEG]'))
            texts = ['[NEG] hello', 'the cat [NEG]', 'quantum']
        elif v == 'dup-content':
            at.append(dict(base, id=7, content='[PAD]'))
            reject = False
        ov['tokenizer.json'] = json.dumps(tok).encode()
        why = 'tokenizer.json added_tokens: %s' % v
    elif fam == 'tokenizer-model':
        v = pick(rng, k, ['unk-missing', 'vocab-empty', 'type-bpe', 'prefix-huge', 'max-chars-0', 'no-model'])
        if v == 'unk-missing':
            tok['model']['unk_token'] = '[NOPE]'
        elif v == 'vocab-empty':
            tok['model']['vocab'] = {}
        elif v == 'type-bpe':
            tok['model']['type'] = 'BPE'
        elif v == 'prefix-huge':
            tok['model']['continuing_subword_prefix'] = '#' * 100000
            reject = False
        elif v == 'max-chars-0':
            tok['model']['max_input_chars_per_word'] = 0
            reject = False
        elif v == 'no-model':
            del tok['model']
        ov['tokenizer.json'] = json.dumps(tok).encode()
        why = 'tokenizer.json model: %s' % v
    elif fam == 'dense':
        v = pick(rng, k, [(384, 0), (100, 384), (384, -1), (384, 2 ** 40), (384, 16, 'bad-act'), (384, 16, 'wshape'),
                          (384, 16, 'nan'), (0, 0)])
        in_f, out_f = v[0], v[1]
        act = 'torch.nn.modules.activation.Unknown' if 'bad-act' in v else 'torch.nn.modules.linear.Identity'
        wshape = [out_f, in_f + 1] if 'wshape' in v else ([max(out_f, 0), in_f] if out_f < 2 ** 30 else [1, in_f])
        c, s = dense_files(in_f, out_f, wshape=wshape, bshape=[max(0, min(out_f, 1))] if out_f >= 2 ** 30 else None, act=act)
        if 'nan' in v:
            s = s[:-4] + struct.pack('<f', float('nan'))
        ov['2_Dense/config.json'], ov['2_Dense/model.safetensors'] = c, s
        mods = model_json(ctx, 'modules.json')
        mods.insert(2, {'idx': 2, 'name': '2', 'path': '2_Dense', 'type': 'sentence_transformers.models.Dense'})
        ov['modules.json'] = jdump(mods)
        why = 'Dense module in_features %s out_features %s %s' % (in_f, out_f, ' '.join(map(str, v[2:])))
        reject = v != (384, 16)
    elif fam == 'pooling':
        pc = model_json(ctx, '1_Pooling/config.json')
        v = pick(rng, k, ['all-false', 'dim-0', 'dim-huge', 'dim-neg', 'dim-string', 'cls-only', 'two-modes', 'weighted'])
        if v == 'all-false':
            pc['pooling_mode_mean_tokens'] = False
        elif v.startswith('dim'):
            pc['word_embedding_dimension'] = {'dim-0': 0, 'dim-huge': 2 ** 40, 'dim-neg': -384, 'dim-string': '384'}[v]
        elif v == 'cls-only':
            pc['pooling_mode_mean_tokens'], pc['pooling_mode_cls_token'] = False, True
            reject = False
        elif v == 'two-modes':
            pc['pooling_mode_max_tokens'] = True
            reject = False
        elif v == 'weighted':
            pc['pooling_mode_weightedmean_tokens'] = True
            pc['pooling_mode_mean_tokens'] = False
        ov['1_Pooling/config.json'] = jdump(pc)
        why = '1_Pooling/config.json: %s' % v
    elif fam == 'modules':
        mods = model_json(ctx, 'modules.json')
        v = pick(rng, k, ['empty', 'missing-path', 'traversal', 'unknown-type', 'dup-transformer', 'not-list',
                          'no-normalize', 'pooling-first'])
        if v == 'empty':
            mods = []
        elif v == 'missing-path':
            mods[1]['path'] = 'does_not_exist'
        elif v == 'traversal':
            mods[1]['path'] = '../../../../../../etc'
        elif v == 'unknown-type':
            mods[1]['type'] = 'foo.bar.Baz'
        elif v == 'dup-transformer':
            mods.insert(1, dict(mods[0], idx=1))
        elif v == 'not-list':
            mods = {'a': 1}
        elif v == 'no-normalize':
            mods = mods[:2]
            reject = False
        elif v == 'pooling-first':
            mods = [mods[1], mods[0], mods[2]]
        ov['modules.json'] = jdump(mods)
        why = 'modules.json: %s' % v
    elif fam == 'sbert-other':
        v = pick(rng, k, ['not-json', 'list', 'do-lower-string', 'empty-file', 'removed'])
        if v == 'removed':
            remove = ('sentence_bert_config.json',)
            reject = False
        else:
            ov['sentence_bert_config.json'] = {'not-json': b'{max_seq_length: 256', 'list': b'[256]',
                                               'do-lower-string': b'{"max_seq_length": 256, "do_lower_case": "no"}',
                                               'empty-file': b''}[v]
        why = 'sentence_bert_config.json: %s' % v

    def execute(casedir):
        m = model_case(ctx, casedir, ov, remove)
        return embed_case(ctx, casedir, m, reject, why, texts=texts, n_expected=n_expected)
    return Case('config', idx, fam, why, execute)


# ======================================================================================================================
# surface 3: task files

TASK_FILES = {
    'EvalBenchSTS': ('data/evalbench-sts', ['test.jsonl']),
    'EvalBenchPairClassification': ('data/evalbench-pairclassification', ['test.jsonl']),
    'EvalBenchClassification': ('data/evalbench-classification', ['test.jsonl', 'train.jsonl']),
    'EvalBenchClustering': ('data/evalbench-clustering', ['test.jsonl']),
    'EvalBenchReranking': ('data/evalbench-reranking', ['test.jsonl']),
    'EvalBenchRetrieval': ('data/evalbench-retrieval', ['queries.jsonl', 'corpus.jsonl', 'qrels/test.tsv']),
    'EvalBenchQA': ('data/evalbench-qa', ['qa_passages.jsonl']),
}
FAST_TASKS = ['EvalBenchSTS', 'EvalBenchPairClassification', 'EvalBenchClustering', 'EvalBenchReranking', 'EvalBenchSTS']


def make_tasks_copy(ctx, dst):
    """Tasks/ copied, with the retrieval corpus and classification train set trimmed so a run takes ~1 s."""
    shutil.copytree(ctx.tasks_src, dst)
    r = os.path.join(dst, 'data/evalbench-retrieval')
    qids = [json.loads(l)['_id'] for l in open(os.path.join(r, 'queries.jsonl')) if l.strip()][:20]
    qrels = open(os.path.join(r, 'qrels/test.tsv')).read().splitlines()
    keep = {l.split('\t')[1] for l in qrels[1:] if l.split('\t')[0] in qids}
    rows = [json.loads(l) for l in open(os.path.join(r, 'corpus.jsonl')) if l.strip()]
    rows = [x for x in rows if x['_id'] in keep] + [x for x in rows if x['_id'] not in keep][:20]
    write(os.path.join(r, 'corpus.jsonl'), ''.join(json.dumps(x) + '\n' for x in rows))
    c = os.path.join(dst, 'data/evalbench-classification/train.jsonl')
    rows = [json.loads(l) for l in open(c) if l.strip()]
    by = {}
    for x in rows:
        by.setdefault(x['label'], []).append(x)
    rows = [x for v in by.values() for x in v[:10]]
    write(c, ''.join(json.dumps(x) + '\n' for x in rows))


def result_files(outdir, task):
    return [p for p in glob.glob(os.path.join(outdir, '**', task + '.json'), recursive=True) if '/details/' not in p]


def lenient_json(path):
    try:
        return json.loads(open(path, 'rb').read().decode('utf-8', 'replace'))
    except Exception as e:
        return e


def check_results(outdir, task, stdout):
    """None if every result file of `task` has finite main scores and sane splits, else a reason."""
    files = result_files(outdir, task)
    if not files:
        return 'exit 0 but no result file for %s' % task
    for p in files:
        o = lenient_json(p)
        if isinstance(o, Exception):
            return 'exit 0 but the result file is not JSON: %s' % o
        for split, entries in (o.get('scores') or {}).items():
            if '..' in split or '/' in split:
                return 'exit 0 and the result records split %r' % split
            for e in entries:
                ms = e.get('main_score')
                if not isinstance(ms, (int, float)) or isinstance(ms, bool) or not math.isfinite(ms):
                    return 'exit 0 but main_score is %r in %s' % (ms, os.path.relpath(p, outdir))
        if not o.get('scores'):
            return 'exit 0 but the result holds no scores'
    if re.search(r'= n/a|= nan', stdout):
        return 'exit 0 but the score is printed as n/a/nan'
    return None


def main_scores(outdir, task):
    out = {}
    for p in result_files(outdir, task):
        o = lenient_json(p)
        if isinstance(o, Exception):
            continue
        for split, entries in (o.get('scores') or {}).items():
            for e in entries:
                out[(os.path.relpath(p, outdir).split('/', 2)[-1], split)] = e.get('main_score')
    return out


def task_baseline(ctx, task):
    def f():
        d = os.path.join(ctx.root, 'baseline-' + task)
        make_tasks_copy(ctx, os.path.join(d, 'tasks'))
        r = ctx.run(['run', '--tasks-dir', 'tasks', '--task', task, '--no-cache', '--output', 'out', '--limit', '20'], d)
        return main_scores(os.path.join(d, 'out'), task)
    return ctx.memo(('taskbase', task), f)


def read_rows(path):
    return [json.loads(l) for l in open(path, encoding='utf-8') if l.strip()]


def write_rows(path, rows, nl='\n'):
    write(path, ''.join(json.dumps(r) + nl for r in rows))


def gen_tasks(ctx, rng, idx):
    fams = ['k-values', 'main-score', 'n-experiments', 'splits', 'score-scale', 'row-number', 'row-type', 'all-same-gold',
            'unseen-labels', 'wrong-type', 'duplicate-ids', 'empty-file', 'crlf', 'bom', 'invalid-utf8', 'qrels',
            'unknown-key', 'samples-per-label', 'seed', 'truncated-row', 'dir-as-task', 'blank-lines']
    fam, k = family_schedule(fams, idx, rng)
    task = rng.choice(FAST_TASKS)
    edits = []       # functions(tasksdir) applied after the copy
    reject, accept_same = True, False
    why = fam

    def tj(tasksdir):
        return os.path.join(tasksdir, task + '.json')

    def edit_task(fn):
        def e(td):
            t = json.load(open(tj(td)))
            fn(t)
            write(tj(td), jdump(t))
        edits.append(e)

    def data_path(td, f):
        return os.path.join(td, TASK_FILES[task][0], f)

    if fam == 'k-values':
        task = pick(rng, k, ['EvalBenchRetrieval', 'EvalBenchRetrieval', 'EvalBenchRetrieval', 'EvalBenchQA', 'EvalBenchReranking'])
        v = pick(rng, k, [[], [I64MAX], [1, 1], [0], [-1], [10 ** 6], ['10'], [1.5], [10, I64MAX]])
        ign = k == 1 or (k > 8 and rng.random() < 0.5)

        def f(t):
            t['evaluation'] = dict(t.get('evaluation') or {}, k_values=v)
            if ign:
                t['evaluation']['ignore_identical_ids'] = True
        edit_task(f)
        why = '%s k_values %s%s' % (task, v, ' with ignore_identical_ids' if ign else '')
        reject = v in ([], [1, 1], [0], [-1], ['10'], [1.5])
    elif fam == 'main-score':
        v = pick(rng, k, ['nonexistent', '', 'ndcg_at_7', 'main_score', 'cosine_spearman ', 5, None])
        edit_task(lambda t: t.__setitem__('main_score', v))
        why = '%s main_score %r' % (task, v)
    elif fam == 'n-experiments':
        task = rng.choice(['EvalBenchClassification', 'EvalBenchClustering'])
        v = pick(rng, k, [I64MAX, 0, -1, 10 ** 9, 2 ** 64, 1.5])
        edit_task(lambda t: t.__setitem__('evaluation', dict(t.get('evaluation') or {}, n_experiments=v)))
        why = '%s n_experiments %r' % (task, v)
    elif fam == 'samples-per-label':
        task = 'EvalBenchClassification'
        v = pick(rng, k, [0, -1, I64MAX, 10 ** 9, 1])
        edit_task(lambda t: t.__setitem__('evaluation', dict(t.get('evaluation') or {}, samples_per_label=v)))
        why = '%s samples_per_label %r' % (task, v)
        reject = v <= 0
    elif fam == 'seed':
        task = rng.choice(['EvalBenchClassification', 'EvalBenchClustering'])
        v = pick(rng, k, [-1, 2 ** 64, 1.5, 'x', 2 ** 64 - 1])
        edit_task(lambda t: t.__setitem__('evaluation', dict(t.get('evaluation') or {}, seed=v)))
        why = '%s seed %r' % (task, v)
        reject = True  # NumPy's RandomState, behind both protocols, takes seeds below 2**32 only
    elif fam == 'splits':
        task = pick(rng, k, ['EvalBenchQA', 'EvalBenchSTS', 'EvalBenchQA', 'EvalBenchSTS', 'EvalBenchRetrieval'])
        v = pick(rng, k, [['../../../../etc/passwd'], [], ['test', 'test'], ['/etc/passwd'], ['te/st'], ['train'], ['']])
        edit_task(lambda t: t.__setitem__('splits', v))
        why = '%s splits %r' % (task, v)
        # A question-passage file is one split, filed under the one name the task gives it.
        reject = not (task == 'EvalBenchQA' and v == ['train'])
    elif fam == 'score-scale':
        task = 'EvalBenchSTS'
        v = pick(rng, k, [0, -5, 1e308, 1e-300, '5', -0.0, 1e-320])
        edit_task(lambda t: t.__setitem__('evaluation', {'score_scale': v}))
        why = 'EvalBenchSTS score_scale %r' % v
        reject = not (isinstance(v, (int, float)) and v > 0)
    elif fam == 'row-number':
        task = pick(rng, k, ['EvalBenchSTS', 'EvalBenchSTS', 'EvalBenchSTS', 'EvalBenchPairClassification', 'EvalBenchSTS'])
        v = pick(rng, k, ['1e308', '7', 'NaN', '-1', 'Infinity', '1e-320', '2', '-1e308'])
        fld = 'score' if task == 'EvalBenchSTS' else 'label'

        def e(td):
            p = data_path(td, 'test.jsonl')
            lines = open(p).read().splitlines()
            o = json.loads(lines[0])
            o[fld] = 0
            lines[0] = json.dumps(o).replace('"%s": 0' % fld, '"%s": %s' % (fld, v))
            write(p, '\n'.join(lines) + '\n')
        edits.append(e)
        why = '%s row 1 %s = %s' % (task, fld, v)
        # 2 is a gold score on the 0-5 scale (a valid STS row); for pair classification it is no 0/1 label.
        reject = not (task == 'EvalBenchSTS' and v in ('1e-320', '2'))
    elif fam == 'row-type':
        task = pick(rng, k, ['EvalBenchSTS', 'EvalBenchPairClassification', 'EvalBenchClustering', 'EvalBenchSTS'])
        fld = {'EvalBenchSTS': 'score', 'EvalBenchPairClassification': 'label', 'EvalBenchClustering': 'label',
               'EvalBenchReranking': 'query', 'EvalBenchClassification': 'label'}.get(task, 'label')
        if rng.random() < 0.3 and k > 3:
            fld = 'sentence1' if task in ('EvalBenchSTS', 'EvalBenchPairClassification') else 'text'
        v = pick(rng, k, ['NaN', '5', None, [], {}, True, 1e300, 'x'])

        def e(td):
            p = data_path(td, 'test.jsonl')
            rows = read_rows(p)
            rows[0][fld] = v
            write_rows(p, rows)
        edits.append(e)
        why = '%s row 1 %s = %r' % (task, fld, v)
        # A label is a string or a whole number that fits 64 bits (1e300 is neither an id nor a class anyone wrote); any
        # string is a text.
        reject = not isinstance(v, str) or (fld == 'label' and task != 'EvalBenchClustering') or \
            (task == 'EvalBenchSTS' and fld == 'score' and v != '5')
    elif fam == 'all-same-gold':
        task = pick(rng, k, ['EvalBenchSTS', 'EvalBenchPairClassification', 'EvalBenchClustering'])
        fld = {'EvalBenchSTS': 'score', 'EvalBenchPairClassification': 'label', 'EvalBenchClustering': 'label'}[task]
        val = {'EvalBenchSTS': 3.0, 'EvalBenchPairClassification': 0, 'EvalBenchClustering': 'x'}[task]

        def e(td):
            p = data_path(td, 'test.jsonl')
            write_rows(p, [dict(r, **{fld: val}) for r in read_rows(p)])
        edits.append(e)
        why = '%s every %s = %r' % (task, fld, val)
    elif fam == 'unseen-labels':
        task = 'EvalBenchClassification'

        def e(td):
            p = data_path(td, 'test.jsonl')
            write_rows(p, [dict(r, label='unseen_' + str(r['label'])) for r in read_rows(p)])
        edits.append(e)
        why = 'EvalBenchClassification test labels absent from train.jsonl'
    elif fam == 'wrong-type':
        field = pick(rng, k, ['type', 'splits', 'main_score', 'data', 'format', 'evaluation', 'name', 'suites'])
        v = pick(rng, k // 8, [5, 'x', None, {}, [], True])
        edit_task(lambda t: t.__setitem__(field, v))
        why = '%s "%s": %r' % (task, field, v)
    elif fam == 'unknown-key':
        where = rng.choice(['top', 'evaluation', 'data'])

        def f(t):
            if where == 'top':
                t['k_valuez'] = [1]
            else:
                t[where] = dict(t.get(where) or {}, unknown_option=5)
        edit_task(f)
        why = '%s unknown key in %s' % (task, where)
        reject = False
    elif fam == 'duplicate-ids':
        task = pick(rng, k, ['EvalBenchRetrieval', 'EvalBenchRetrieval', 'EvalBenchQA'])
        which = pick(rng, k, ['corpus', 'queries', 'qa'])

        def e(td):
            if task == 'EvalBenchRetrieval':
                p = data_path(td, which + '.jsonl') if which != 'qa' else data_path(td, 'corpus.jsonl')
                rows = read_rows(p)
                dup = dict(rows[0], text='completely unrelated words about penguins and volcanoes')
                rows.insert(1, dup)
                write_rows(p, rows)
            else:
                p = data_path(td, 'qa_passages.jsonl')
                rows = read_rows(p)
                rows[1]['passage_id'] = rows[0]['passage_id']
                rows[1]['passage_text'] = 'completely unrelated words about penguins and volcanoes'
                write_rows(p, rows)
        edits.append(e)
        why = '%s duplicate id (%s) with different text' % (task, which if task == 'EvalBenchRetrieval' else 'passage_id')
    elif fam == 'empty-file':
        f = rng.choice(TASK_FILES[task][1])
        v = pick(rng, k, [b'', b'\n', b'\n\n\n', b' '])
        edits.append(lambda td: write(data_path(td, f), v))
        why = '%s %s replaced by %r' % (task, f, v)
    elif fam in ('crlf', 'bom', 'blank-lines'):
        f = rng.choice(TASK_FILES[task][1])

        def e(td):
            p = data_path(td, f)
            b = open(p, 'rb').read()
            if fam == 'crlf':
                b = b.replace(b'\n', b'\r\n')
            elif fam == 'bom':
                b = b'\xef\xbb\xbf' + b
            else:
                b = b.replace(b'\n', b'\n\n')
            write(p, b)
        edits.append(e)
        why = '%s %s: %s' % (task, f, {'crlf': 'CRLF line ends', 'bom': 'UTF-8 BOM', 'blank-lines': 'blank line after every row'}[fam])
        reject, accept_same = False, fam in ('crlf', 'blank-lines') and not f.endswith('.tsv')
    elif fam == 'invalid-utf8':
        f = rng.choice([x for x in TASK_FILES[task][1] if x.endswith('.jsonl')])

        def e(td):
            p = data_path(td, f)
            b = open(p, 'rb').read()
            i = b.index(b'"', b.index(b':') + 1) + 1
            write(p, b[:i] + b'\xff\xfe\xc3' + b[i:])
        edits.append(e)
        why = '%s %s: invalid UTF-8 in row 1' % (task, f)
        reject = False
    elif fam == 'truncated-row':
        f = rng.choice([x for x in TASK_FILES[task][1] if x.endswith('.jsonl')])

        def e(td):
            p = data_path(td, f)
            b = open(p, 'rb').read().rstrip(b'\n')
            write(p, b[:-7])
        edits.append(e)
        why = '%s %s: last row cut mid-JSON' % (task, f)
    elif fam == 'qrels':
        task = 'EvalBenchRetrieval'
        v = pick(rng, k, ['score-negative', 'header-only', 'unknown-doc', 'unknown-query', 'score-text', 'no-header',
                          'score-huge', 'duplicate-row', 'spaces', 'score-float'])

        def e(td):
            p = data_path(td, 'qrels/test.tsv')
            lines = open(p).read().splitlines()
            c = lines[1].split('\t')
            if v == 'score-negative':
                lines[1] = '\t'.join(c[:2] + ['-1'])
            elif v == 'header-only':
                lines = lines[:1]
            elif v == 'unknown-doc':
                lines = [lines[0]] + ['%s\tnosuchdoc\t1' % l.split('\t')[0] for l in lines[1:]]
            elif v == 'unknown-query':
                lines = [lines[0]] + ['nosuchquery%d\t%s\t1' % (i, l.split('\t')[1]) for i, l in enumerate(lines[1:])]
            elif v == 'score-text':
                lines[1] = '\t'.join(c[:2] + ['abc'])
            elif v == 'no-header':
                lines = lines[1:]
            elif v == 'score-huge':
                lines[1] = '\t'.join(c[:2] + ['99999999999999999999999'])
            elif v == 'duplicate-row':
                lines.insert(2, '\t'.join(c[:2] + ['1']))
            elif v == 'spaces':
                lines = [l.replace('\t', ' ') for l in lines]
            elif v == 'score-float':
                lines[1] = '\t'.join(c[:2] + ['1.5'])
            write(p, '\n'.join(lines) + '\n')
        edits.append(e)
        why = 'EvalBenchRetrieval qrels: %s' % v
        # TREC's own qrels are space-separated: evalbench reads whitespace-separated columns.
        reject = v not in ('no-header', 'score-float', 'score-negative', 'duplicate-row', 'spaces')
    elif fam == 'dir-as-task':
        edits.append(lambda td: os.makedirs(os.path.join(td, 'Other.json')))
        why = 'a directory named Other.json in the tasks folder'
        reject, accept_same = False, False

    def execute(casedir):
        td = os.path.join(casedir, 'tasks')
        make_tasks_copy(ctx, td)
        for e in edits:
            e(td)
        r = ctx.run(['run', '--tasks-dir', 'tasks', '--task', task, '--no-cache', '--output', 'out', '--limit', '20'], casedir)
        v = base_verdict(r)
        if v:
            return v + (r,)
        if r.rc != 0:
            if accept_same:
                return 'SILENT_WRONG', 'valid input refused (exit %d): %s' % (r.rc, first_error_line(r)), r
            return nonzero_ok(r) + (r,)
        bad = check_results(os.path.join(casedir, 'out'), task, r.out)
        if bad:
            return 'SILENT_WRONG', bad, r
        if reject:
            return 'SILENT_WRONG', 'exit 0 on invalid input (%s); scores %s' % (why, short_scores(os.path.join(casedir, 'out'), task)), r
        if accept_same:
            base = task_baseline(ctx, task)
            got = main_scores(os.path.join(casedir, 'out'), task)
            if base and got != base:
                return 'SILENT_WRONG', 'the same data in another layout scores %s (unchanged data: %s)' % (got, base), r
        return 'OK', 'accepted, result sane', r
    return Case('tasks', idx, fam, why, execute)


def short_scores(outdir, task):
    s = main_scores(outdir, task)
    return ', '.join('%s=%s' % (k[1], v) for k, v in list(s.items())[:3])


# ======================================================================================================================
# surface 4: text inputs to `embed`

def gen_text(ctx, rng, idx):
    fams = ['special-run', 'crlf-txt', 'crlf-jsonl', 'huge-line', 'control-chars', 'invalid-utf8', 'empty-file',
            'bom', 'jsonl-types', 'blank-lines', 'output-format', 'many-lines', 'cr-only', 'unicode']
    fam, k = family_schedule(fams, idx, rng)
    ext, field, data, rows, distinct, reject = 'txt', None, None, None, True, False
    out_name = 'out.npy'
    why = fam
    if fam == 'special-run':
        tokn, n = pick(rng, k, [('[SEP]', 200000), ('[UNK]', 4000), ('[MASK] word ', 100000), ('[SEP]', 16000),
                                ('[CLS]', 50000), ('[PAD]', 30000)])
        data, rows, distinct = (tokn * n + '\n').encode(), 1, False
        why = '%r x %d on one line (%d bytes)' % (tokn, n, len(data))
    elif fam == 'crlf-txt':
        n = pick(rng, k, [3, 2, 5])
        data, rows = ''.join(TEXTS[i % 3] + ' %d\r\n' % i for i in range(n)).encode(), n
        why = '.txt of %d lines with CRLF line ends' % n
    elif fam == 'crlf-jsonl':
        ext, field = 'jsonl', 'text'
        data, rows = ''.join(json.dumps({'text': t}) + '\r\n' for t in TEXTS).encode(), 3
        why = '.jsonl of 3 rows with CRLF line ends'
        reject = 'accept'
    elif fam == 'huge-line':
        n = pick(rng, k, [1 << 20, 4 << 20, 200000])
        word = rng.choice(['a', 'word ', 'x' * 1000 + ' ', '\u00e9', '\U0001F600'])
        data, rows = (word * (n // len(word.encode()))).encode() + b'\nsecond line\n', 2
        why = 'one line of %d bytes of %r' % (n, word[:8])
    elif fam == 'control-chars':
        c = pick(rng, k, ['\x00', '\x07', '\x1b[31m', '\x7f', '\u2028', '\u0085', '\x0b', '\x0c', '\ufeff', '\u200b'])
        data = ('%shello%sworld\nsecond %s line\nthird\n' % (c, c * 50, c)).encode()
        rows = 3
        why = 'control character %r in the lines' % c
    elif fam == 'invalid-utf8':
        b = pick(rng, k, [b'\xff', b'\xc3', b'\xed\xa0\x80', b'\xf8\x88\x80\x80\x80', b'\xc0\xaf'])
        data, rows = b'hello ' + b + b' world\nsecond\n', 2
        why = 'invalid UTF-8 %r in line 1' % b
        reject = 'either'
    elif fam == 'empty-file':
        ext = rng.choice(['txt', 'jsonl'])
        field = 'text' if ext == 'jsonl' else None
        data = pick(rng, k, [b'', b'\n', b'\n\n\n', b'   \n'])
        rows = {0} if data in (b'',) else {0, data.count(b'\n')}
        distinct = False
        why = '.%s input %r' % (ext, data)
        reject = 'either'
    elif fam == 'bom':
        ext = rng.choice(['txt', 'jsonl'])
        field = 'text' if ext == 'jsonl' else None
        body = '\n'.join(TEXTS if ext == 'txt' else [json.dumps({'text': t}) for t in TEXTS]) + '\n'
        data, rows = b'\xef\xbb\xbf' + body.encode(), 3
        why = '.%s with a UTF-8 BOM' % ext
        reject = 'either'
    elif fam == 'jsonl-types':
        ext, field = 'jsonl', 'text'
        v = pick(rng, k, [5, None, ['a'], {'a': 1}, True, '\ud800', '', 1e300])
        rowsl = [{'text': TEXTS[0]}, {'text': v}, {'text': TEXTS[2]}]
        data = ''.join(json.dumps(r) + '\n' for r in rowsl).encode()
        rows = 3
        why = '.jsonl row 2 "text": %r' % (v,)
        reject = True if v != '' else 'either'
        if isinstance(v, str) and v == '\ud800':
            data = data.replace(b'"\\ud800"', b'"\\ud800"')
    elif fam == 'blank-lines':
        data, rows = b'one\n\n\ntwo\n\n', {2, 5, 4}
        why = '.txt with blank lines'
    elif fam == 'output-format':
        out_name = pick(rng, k, ['out.safetensors', 'out.npz', 'out', 'nodir/out.npy', 'out.NPY', '.npy'])
        data, rows = ('\n'.join(TEXTS) + '\n').encode(), 3
        why = '--output %s' % out_name
        reject = {'out.safetensors': False, '.npy': False}.get(out_name, 'either')
    elif fam == 'many-lines':
        n = pick(rng, k, [2000, 1000])
        data, rows = ''.join('line %d\n' % i for i in range(n)).encode(), n
        why = '.txt of %d short lines' % n
    elif fam == 'cr-only':
        data, rows = b'one\rtwo\rthree\r', {1, 3}
        why = '.txt with CR-only line ends'
    elif fam == 'unicode':
        s = pick(rng, k, ['\U0001F600' * 2000, '\u0301' * 5000, 'Z\u0351\u0352\u0353' * 3000, '\u4e2d\u6587' * 3000,
                          '\ufdfd' * 3000])
        data, rows = (s + '\nplain text\n').encode(), 2
        why = 'line 1: %d code points of %r' % (len(s), s[:2])

    def execute(casedir):
        write(os.path.join(casedir, 'in.' + ext), data)
        args = ['embed', '--model', ctx.model, '--input', 'in.' + ext, '--output', out_name]
        if field:
            args += ['--field', field]
        r = ctx.run(args, casedir)
        v = base_verdict(r)
        if v:
            return v + (r,)
        if r.rc != 0:
            if reject == 'accept':
                return 'SILENT_WRONG', 'valid input refused (exit %d): %s' % (r.rc, first_error_line(r)), r
            if reject is False and fam in ('crlf-txt', 'huge-line', 'control-chars', 'blank-lines', 'many-lines',
                                           'unicode', 'special-run'):
                return 'SILENT_WRONG', 'valid input refused (exit %d): %s' % (r.rc, first_error_line(r)), r
            return nonzero_ok(r) + (r,)
        p = os.path.join(casedir, out_name)
        if not os.path.exists(p):
            return 'SILENT_WRONG', 'exit 0 but no file at %s' % out_name, r
        a = load_safetensors_out(p) if out_name.endswith('.safetensors') else load_npy(p)
        bad = check_matrix(a, rows, 384, distinct)
        if bad:
            return 'SILENT_WRONG', bad, r
        if reject is True:
            return 'SILENT_WRONG', 'exit 0 on invalid input (%s)' % why, r
        return 'OK', 'accepted, %s rows' % (a.shape[0],), r
    return Case('text', idx, fam, why, execute)


# ======================================================================================================================
# surface 5: embedding cache

def fnv(b):
    h = 0xcbf29ce484222325
    for x in b:
        h = ((h ^ x) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return struct.unpack('<q', struct.pack('<Q', h))[0]


def cache_template(ctx):
    def f():
        d = os.path.join(ctx.root, 'cache-template')
        os.makedirs(d)
        r = ctx.run(['run', '--tasks-dir', ctx.tasks_src, '--task', 'EvalBenchSTS', '--cache-dir', 'cache', '--output', 'out',
                     '--limit', '20'], d)
        if r.rc != 0:
            raise RuntimeError('cache template run failed: ' + r.err[-500:])
        return d, main_scores(os.path.join(d, 'out'), 'EvalBenchSTS')
    return ctx.memo('cachetmpl', f)


def gen_cache(ctx, rng, idx):
    fams = ['nan-vectors', 'flip-vector-bit', 'inf-vectors', 'huge-vectors', 'zero-vectors', 'short-vector',
            'user-version', 'truncate', 'garbage', 'flip-file-bit', 'dimension', 'drop-table', 'wal-junk', 'checksum-only']
    fam, k = family_schedule(fams, idx, rng)
    why = fam
    corrupt = True   # the file no longer holds the embeddings of the text: a run must re-encode or refuse, never score it
    seed = rng.randrange(1 << 30)

    def mutate(db):
        r2 = random.Random(seed)
        if fam in ('nan-vectors', 'inf-vectors', 'huge-vectors', 'zero-vectors', 'short-vector', 'flip-vector-bit', 'checksum-only'):
            con = sqlite3.connect(db)
            rows = con.execute('SELECT id, vector, checksum FROM embeddings').fetchall()
            sel = rows if fam != 'flip-vector-bit' and fam != 'checksum-only' and r2.random() < 0.7 else [r2.choice(rows)]
            for i, v, c in sel:
                n = len(v) // 4
                if fam == 'flip-vector-bit':
                    b = bytearray(v)
                    j = r2.randrange(len(b))
                    b[j] ^= 1 << r2.randrange(8)
                    con.execute('UPDATE embeddings SET vector = ? WHERE id = ?', (bytes(b), i))
                    continue
                if fam == 'checksum-only':
                    con.execute('UPDATE embeddings SET checksum = ? WHERE id = ?', (c ^ 1, i))
                    continue
                nv = {'nan-vectors': lambda: np.full(n, np.nan, '<f4'), 'inf-vectors': lambda: np.full(n, np.inf, '<f4'),
                      'huge-vectors': lambda: np.full(n, 3e38, '<f4'), 'zero-vectors': lambda: np.zeros(n, '<f4'),
                      'short-vector': lambda: np.frombuffer(v, '<f4')[:n // 2].copy()}[fam]().tobytes()
                con.execute('UPDATE embeddings SET vector = ?, checksum = ? WHERE id = ?', (nv, fnv(nv), i))
            con.commit()
            con.close()
            return '%s (%d of %d rows, checksums %s)' % (fam, len(sel), len(rows),
                                                         'kept' if fam in ('flip-vector-bit', 'checksum-only') else 'recomputed')
        if fam == 'user-version':
            v = [0, 2, 999, -1, 2 ** 31 - 1][k % 5]
            con = sqlite3.connect(db)
            con.execute('PRAGMA user_version = %d' % v)
            con.commit()
            con.close()
            return 'PRAGMA user_version = %d' % v
        if fam == 'dimension':
            v = [0, -1, 2 ** 40, 383, 768][k % 5]
            con = sqlite3.connect(db)
            con.execute('UPDATE models SET dimension = ?', (v,))
            con.commit()
            con.close()
            return 'models.dimension = %d' % v
        if fam == 'drop-table':
            t = ['embeddings', 'models'][k % 2]
            con = sqlite3.connect(db)
            con.execute('DROP TABLE %s' % t)
            con.commit()
            con.close()
            return 'table %s dropped' % t
        b = open(db, 'rb').read()
        if fam == 'truncate':
            n = [0, 100, 4096, len(b) // 2, len(b) - 1, 8192][k % 6]
            write(db, b[:n])
            return 'file cut to %d of %d bytes' % (n, len(b))
        if fam == 'garbage':
            write(db, bytes(r2.randrange(256) for _ in range(8192)))
            return '8 KB of random bytes'
        if fam == 'flip-file-bit':
            bb = bytearray(b)
            j = r2.randrange(100, len(bb))
            bb[j] ^= 1 << r2.randrange(8)
            write(db, bytes(bb))
            return 'bit flipped at byte %d of the file' % j
        if fam == 'wal-junk':
            write(db + '-wal', bytes(r2.randrange(256) for _ in range(4096)))
            corrupt = False
            return '4 KB of junk in embeddings.sqlite-wal'

    def execute(casedir):
        tmpl, base = cache_template(ctx)
        shutil.copytree(os.path.join(tmpl, 'cache'), os.path.join(casedir, 'cache'))
        db = os.path.join(casedir, 'cache', 'embeddings.sqlite')
        for x in glob.glob(db + '-*'):
            os.remove(x)
        desc = mutate(db)
        s1 = ctx.run(['cache', 'stats', '--cache-dir', 'cache'], casedir)
        v = base_verdict(s1)
        if v:
            return v + (s1,)
        r = ctx.run(['run', '--tasks-dir', ctx.tasks_src, '--task', 'EvalBenchSTS', '--cache-dir', 'cache', '--output', 'out',
                     '--limit', '20'], casedir)
        v = base_verdict(r)
        if v:
            return v + (r,)
        vector_fams = ('nan-vectors', 'flip-vector-bit', 'inf-vectors', 'huge-vectors', 'zero-vectors', 'short-vector',
                       'checksum-only')
        if r.rc != 0:
            if 'integrity ok' in s1.out and fam in vector_fams:
                return 'SILENT_WRONG', '`cache stats` says "integrity ok" but `run` refuses the same file: %s' % first_error_line(r), r
            p = ctx.run(['cache', 'prune', '--all', '--cache-dir', 'cache'], casedir)
            v = base_verdict(p)
            if v:
                return v + (p,)
            return nonzero_ok(r) + (r,)
        bad = check_results(os.path.join(casedir, 'out'), 'EvalBenchSTS', r.out)
        if bad:
            return 'SILENT_WRONG', bad + ' (cache: %s)' % desc, r
        got = main_scores(os.path.join(casedir, 'out'), 'EvalBenchSTS')
        if got != base and fam != 'zero-vectors':   # finite vectors under a valid checksum cannot be told from real ones
            return 'SILENT_WRONG', 'exit 0 with scores %s from a corrupted cache (%s); clean cache gives %s' % (got, desc, base), r
        return 'OK', 'run gives the clean scores (%s)' % desc, r
    return Case('cache', idx, fam, fam, execute)


# ======================================================================================================================
# surface 6: gate

GATE_TASKS = 'EvalBenchSTS,EvalBenchPairClassification,EvalBenchReranking,EvalBenchClustering'


def gate_template(ctx):
    def f():
        d = os.path.join(ctx.root, 'gate-template')
        os.makedirs(d)
        r = ctx.run(['run', '--tasks-dir', ctx.tasks_src, '--task', GATE_TASKS, '--no-cache', '--output', 'base', '--limit', '30'],
                    d, timeout=max(ctx.timeout, 120))
        if r.rc != 0:
            raise RuntimeError('gate template run failed: ' + r.err[-500:])
        return os.path.join(d, 'base')
    return ctx.memo('gatetmpl', f)


def gen_gate(ctx, rng, idx):
    fams = ['main-drop', 'detail-label', 'main-value', 'json-target', 'detail-gold', 'detail-arrays', 'missing-field',
            'identical', 'huge-number', 'evalbench-fields', 'result-shape', 'baseline-mutated']
    fam, k = family_schedule(fams, idx, rng)
    task = rng.choice(GATE_TASKS.split(','))
    seed = rng.randrange(1 << 30)
    expect = 'nonzero'
    why = fam
    if fam == 'identical':
        expect = 'zero'
    elif fam == 'json-target':
        expect = 'json'
    elif fam == 'huge-number':
        expect = 'any'

    def find(d, t, details):
        for p in glob.glob(os.path.join(d, '**', t + '.json'), recursive=True):
            if ('/details/' in p) == details and '/experiments/' not in p:
                return p

    def edit(path, fn):
        o = json.load(open(path))
        fn(o)
        write(path, json.dumps(o).encode())

    state = {}

    def mutate(casedir):
        r2 = random.Random(seed)
        cand = os.path.join(casedir, 'cand')
        res, det = find(cand, task, False), find(cand, task, True)
        if fam == 'main-drop':
            d = [0.2, 0.05, 0.5][k % 3]
            edit(res, lambda o: o['scores']['test'][0].__setitem__('main_score', o['scores']['test'][0]['main_score'] - d))
            return '%s candidate main_score lowered by %s, detail untouched' % (task, d)
        if fam == 'main-value':
            v = [5.0, True, 'NaN', None, 1e308, -1.0, '0.5', [], 1e-300][k % 9]
            edit(res, lambda o: o['scores']['test'][0].__setitem__('main_score', v))
            return '%s candidate main_score = %r' % (task, v)
        if fam == 'detail-label':
            t = 'EvalBenchPairClassification'
            det = find(cand, t, True)
            v = [1e300, 2, -1, '1', None, 0.5, 1e19][k % 7]
            o = json.load(open(det))
            keys = [x for x in o if 'label' in x]
            key = keys[0] if keys else r2.choice(list(o))
            if isinstance(o[key], list) and o[key]:
                if isinstance(o[key][0], list):
                    o[key][0][0] = v
                else:
                    o[key][0] = v
            write(det, json.dumps(o).encode())
            return '%s detail %s[0] = %r' % (t, key, v)
        if fam == 'detail-gold':
            det = find(cand, 'EvalBenchSTS', True)
            v = [9.0, 'NaN', None, -1e300, 0.123][k % 5]
            edit(det, lambda o: o['gold'].__setitem__(0, v))
            return 'EvalBenchSTS detail gold[0] = %r' % (v,)
        if fam == 'detail-arrays':
            if task == 'EvalBenchReranking':
                # per_query holds no arrays to damage: damage STS's detail instead of changing nothing.
                det = find(cand, 'EvalBenchSTS', True)
            o = json.load(open(det))
            arrs = [(kk, vv) for kk, vv in o.items() if isinstance(vv, list) and vv]
            arrs += [(kk + '.' + k2, v2) for kk, vv in o.items() if isinstance(vv, dict) for k2, v2 in vv.items() if isinstance(v2, list) and v2]
            name, _ = r2.choice(arrs) if arrs else ('?', None)
            op = ['shorten', 'strings', 'empty', 'nan-string', 'nested'][k % 5]

            def change(a):
                if op == 'shorten':
                    return a[:-1]
                if op == 'strings':
                    return [str(x) for x in a]
                if op == 'empty':
                    return []
                if op == 'nan-string':
                    return ['NaN'] + a[1:]
                return [[x] for x in a]
            if '.' in name:
                a, b = name.split('.', 1)
                o[a][b] = change(o[a][b])
            elif name in o:
                o[name] = change(o[name])
            write(det, json.dumps(o).encode())
            return '%s detail %s: %s' % ('EvalBenchSTS' if task == 'EvalBenchReranking' else task, name, op)
        if fam == 'missing-field':
            f = ['data_sha256', 'limit', 'main_score_name', 'embed_dim', 'precision', 'scores', 'main_score', 'evalbench'][k % 8]

            def g(o):
                if f in ('scores', 'evalbench'):
                    del o[f]
                elif f == 'main_score':
                    del o['scores']['test'][0]['main_score']
                else:
                    del o['evalbench'][f]
            edit(res, g)
            return '%s candidate result without %s' % (task, f)
        if fam == 'evalbench-fields':
            f, v = [('limit', True), ('embed_dim', '384'), ('limit', 1e300), ('embed_dim', -1), ('limit', None),
                    ('data_sha256', 5), ('precision', 'float64')][k % 7]
            edit(res, lambda o: o['evalbench'].__setitem__(f, v))
            return '%s candidate evalbench.%s = %r' % (task, f, v)
        if fam == 'result-shape':
            v = ['scores-list', 'test-empty', 'two-entries', 'not-object', 'empty-file'][k % 5]
            if v == 'empty-file':
                write(res, b'')
            elif v == 'not-object':
                write(res, b'[1, 2, 3]')
            else:
                def g(o):
                    if v == 'scores-list':
                        o['scores'] = [1]
                    elif v == 'test-empty':
                        o['scores']['test'] = []
                    else:
                        o['scores']['test'].append(dict(o['scores']['test'][0], main_score=0.0))
                edit(res, g)
            return '%s candidate result: %s' % (task, v)
        if fam == 'huge-number':
            o = json.load(open(det))

            def walk(x):
                if isinstance(x, list):
                    return [walk(y) for y in x]
                if isinstance(x, dict):
                    return {a: walk(b) for a, b in x.items()}
                if isinstance(x, float):
                    return 1e308 * (1 if x >= 0 else -1)
                return x
            write(det, json.dumps(walk(o)).encode())
            return '%s candidate detail: every float replaced by ±1e308' % task
        if fam == 'baseline-mutated':
            base = os.path.join(casedir, 'base')
            d2 = find(base, 'EvalBenchPairClassification', True)
            v = [1e300, -1e300][k % 2]
            edit(d2, lambda o: o['labels'].__setitem__(0, v) if 'labels' in o else None)
            return 'baseline detail labels[0] = %r' % v
        if fam == 'json-target':
            v = ['symlink', 'fifo', 'dir', 'missing-dir', 'symlink-dangling'][k % 5]
            state['json'] = v
            if v == 'symlink':
                write(os.path.join(casedir, 'real.json'), b'{"keep": true}\n')
                os.symlink('real.json', os.path.join(casedir, 'link.json'))
                state['arg'] = 'link.json'
            elif v == 'symlink-dangling':
                os.symlink('nowhere/real.json', os.path.join(casedir, 'link.json'))
                state['arg'] = 'link.json'
            elif v == 'fifo':
                os.mkfifo(os.path.join(casedir, 'fifo.json'))
                state['arg'] = 'fifo.json'
            elif v == 'dir':
                os.makedirs(os.path.join(casedir, 'dir.json'))
                state['arg'] = 'dir.json'
            else:
                state['arg'] = 'no/such/dir/g.json'
            return '--json %s (%s)' % (state['arg'], v)
        return 'candidate identical to the baseline'

    def execute(casedir):
        tmpl = gate_template(ctx)
        shutil.copytree(tmpl, os.path.join(casedir, 'base'), symlinks=True)
        shutil.copytree(tmpl, os.path.join(casedir, 'cand'), symlinks=True)
        desc = mutate(casedir)
        case.desc = desc
        args = ['gate', '--baseline', 'base', '--candidate', 'cand', '--resamples', '200']
        args += ['--json', state.get('arg', 'g.json')]
        r = ctx.run(args, casedir)
        v = base_verdict(r)
        if v:
            return v + (r,)
        if expect == 'json':
            j = state['json']
            p = os.path.join(casedir, state['arg'])
            if j in ('symlink', 'symlink-dangling'):
                if not os.path.islink(p):
                    return 'SILENT_WRONG', 'the --json symlink was replaced by a regular file (exit %d)' % r.rc, r
            elif j == 'fifo':
                if not stat.S_ISFIFO(os.lstat(p).st_mode):
                    return 'SILENT_WRONG', 'the --json FIFO was replaced by a regular file (exit %d)' % r.rc, r
            elif j == 'dir' and os.path.isdir(p) is False:
                return 'SILENT_WRONG', 'the --json directory was replaced (exit %d)' % r.rc, r
            if r.rc not in (0, 1, 2, 64):
                return nonzero_ok(r) + (r,)
            return 'OK', '--json %s handled (exit %d)' % (j, r.rc), r
        if expect == 'zero':
            if r.rc != 0:
                return 'SILENT_WRONG', 'identical candidate does not pass (exit %d): %s' % (r.rc, first_error_line(r)), r
            return 'OK', 'identical candidate passes', r
        if expect == 'nonzero' and r.rc == 0 and fam.startswith('detail') and 'main scores only' in r.out:
            return 'OK', 'unreadable detail: main scores only (documented fallback)', r
        if expect == 'nonzero' and r.rc == 0:
            return 'SILENT_WRONG', 'gate passes (exit 0) an inconsistent/invalid candidate: %s' % desc, r
        if r.rc not in (0, 1, 2, 64):
            return nonzero_ok(r) + (r,)
        return 'OK', 'gate exit %d' % r.rc, r
    case = Case('gate', idx, fam, why, execute)
    return case


# ======================================================================================================================
# surface 7: CLI values

NUM_VALUES = ['0', '-1', '4611686018427387904', '9223372036854775807', '9223372036854775808', '18446744073709551616', 'inf',
              'nan', '', ' ', ',', '1e3', '0.5', '-0', '1,2', 'abc', '-inf', '2147483648', '1']


def is_int(v, lo=1, hi=2 ** 63 - 1):
    if not re.fullmatch(r'\+?[0-9]+', v.strip()) or v != v.strip():
        return False
    x = int(v)
    return x >= lo and (hi is None or x <= hi)


def is_float(v, lo, hi, lo_open=False, hi_open=False):
    try:
        x = float(v)
    except ValueError:
        return False
    if not math.isfinite(x):
        return False
    return (x > lo if lo_open else x >= lo) and (x < hi if hi_open else x <= hi)


CLI_OPTS = {
    # The documented bounds (README, evalbench --help): values past them are refused by design.
    'run-batch-size': ('run', '--batch-size', lambda v: is_int(v, 1, 65536)),
    'run-threads': ('run', '--threads', lambda v: is_int(v, 1, 1024)),
    # --limit 1 leaves STS one pair, whose correlation is undefined: refused with that sentence, rightly.
    'run-limit': ('run', '--limit', lambda v: is_int(v, 2)),
    'run-dims': ('run', '--dims', lambda v: all(is_int(x, 1, 384) for x in v.split(',')) and v != ''),
    'run-precision': ('run', '--precision', lambda v: v != '' and all(x in ('float32', 'int8', 'binary') for x in v.split(','))),
    'run-task': ('run', '--task', lambda v: v.strip(',') != '' and all(x in ('EvalBenchSTS', '') for x in v.split(','))),
    'run-weights': ('run', '--weights', lambda v: v != '' and all(x in ('f32', 'q8', 'q4', 'int8-channel') for x in v.split(','))),
    'run-timeout': ('run-remote', '--timeout', lambda v: False),
    'run-retries': ('run-remote', '--retries', lambda v: False),
    'run-request-batch': ('run-remote', '--request-batch', lambda v: False),
    'run-max-in-flight': ('run-remote', '--max-in-flight', lambda v: False),
    'run-output': ('run', '--output', lambda v: v == 'outdir'),
    'embed-batch-size': ('embed', '--batch-size', lambda v: is_int(v, 1, 65536)),
    'embed-threads': ('embed', '--threads', lambda v: is_int(v, 1, 1024)),
    'gate-resamples': ('gate', '--resamples', lambda v: is_int(v, 1, 1000000)),
    'gate-confidence': ('gate', '--confidence', lambda v: is_float(v, 0, 1, True, True)),
    'gate-max-drop': ('gate', '--max-drop', lambda v: is_float(v, 0, 1e300)),
    'gate-seed': ('gate', '--seed', lambda v: is_int(v, 0, 2 ** 64 - 1)),
    'prune-older-than': ('prune', '--older-than', lambda v: is_float(v, 0, 1e300) or v.strip() in ('inf', '1e309')),
    'prune-max-bytes': ('prune', '--max-bytes', lambda v: is_int(v, 0)),
    'leaderboard-missing': ('leaderboard', None, lambda v: False),
}
SPECIAL_VALUES = {
    'run-batch-size': ['4611686018427387904'] + NUM_VALUES,
    'run-retries': ['-1', '0', 'inf', 'nan', '', '1e3', 'abc', '2'],
    'run-timeout': ['inf', 'nan', '-1', '0', '1e300', '-inf', '', 'abc'],
    'run-task': ['', ',', 'EvalBenchSTS,', 'NoSuchTask', '../EvalBenchSTS', 'EvalBenchSTS,EvalBenchSTS'],
    'run-dims': ['', ',', '0', '385', '-1', '384,384', '9223372036854775807', '1'],
    'run-precision': ['', ',', 'float64', 'int8,int8', 'INT8'],
    'run-weights': ['', ',', 'q3', 'f32,f32', 'Q8'],
    'run-output': ['afile', '/dev/null', 'outdir', 'link-to-file'],
    'embed-threads': ['2147483648', '0', '-1', '9223372036854775807', '', 'inf', '1'],
    'gate-confidence': ['0', '1', 'nan', 'inf', '-0.5', '1.5', '', '1e-300', '0.95'],
    'gate-max-drop': ['nan', '-1', 'inf', '-inf', '', '1e309', '0'],
    'gate-resamples': ['0', '-1', '9223372036854775807', '4611686018427387904', '2147483648', '', '1'],
    'leaderboard-missing': ['missing/results', 'afile'],
}


def gen_cli(ctx, rng, idx):
    fams = list(CLI_OPTS)
    fam, k = family_schedule(fams, idx, rng)
    cmd, opt, valid = CLI_OPTS[fam]
    vals = SPECIAL_VALUES.get(fam, NUM_VALUES)
    v = pick(rng, k, vals)
    why = '%s %s %r' % (cmd, opt, v)

    def execute(casedir):
        ok_valid = valid(v)
        extra = []
        if cmd in ('run', 'run-remote'):
            out = 'out'
            if fam == 'run-output':
                write(os.path.join(casedir, 'afile'), b'x')
                if v == 'link-to-file':
                    os.symlink('afile', os.path.join(casedir, 'link-to-file'))
                out = v
            args = ['run', '--tasks-dir', ctx.tasks_src, '--task', 'EvalBenchSTS', '--no-cache', '--output', out, '--limit', '20']
            if cmd == 'run-remote':
                args += ['--backend', 'tei:http://127.0.0.1:1', '--retries', '0', '--timeout', '2']
            if fam == 'run-task':
                args[args.index('--task') + 1] = v
            elif fam == 'run-limit':
                args[args.index('--limit') + 1] = v
            elif fam != 'run-output':
                args += [opt, v]
            r = ctx.run(args, casedir)
        elif cmd == 'embed':
            write(os.path.join(casedir, 'in.txt'), '\n'.join(TEXTS) + '\n')
            r = ctx.run(['embed', '--model', ctx.model, '--input', 'in.txt', '--output', 'out.npy', opt, v], casedir)
        elif cmd == 'gate':
            tmpl = gate_template(ctx)
            shutil.copytree(tmpl, os.path.join(casedir, 'base'))
            args = ['gate', '--baseline', 'base', '--candidate', 'base', opt, v]
            if fam != 'gate-resamples':
                args += ['--resamples', '200']
            r = ctx.run(args, casedir)
        elif cmd == 'prune':
            tmpl, _ = cache_template(ctx)
            shutil.copytree(os.path.join(tmpl, 'cache'), os.path.join(casedir, 'cache'))
            r = ctx.run(['cache', 'prune', '--cache-dir', 'cache', opt, v], casedir)
        elif cmd == 'leaderboard':
            if v == 'afile':
                write(os.path.join(casedir, 'afile'), b'x')
            r = ctx.run(['leaderboard', os.path.join(casedir, v)], casedir)
        res = base_verdict(r)
        if res:
            return res + (r,)
        if r.rc != 0:
            if ok_valid:
                return 'SILENT_WRONG', 'valid value refused (exit %d): %s' % (r.rc, first_error_line(r)), r
            return nonzero_ok(r) + (r,)
        if cmd == 'run':
            bad = check_results(os.path.join(casedir, 'out' if fam != 'run-output' else v), 'EvalBenchSTS', r.out)
            if bad and fam not in ('run-output',):
                return 'SILENT_WRONG', bad + ' (%s)' % why, r
            if fam == 'run-output' and v == 'link-to-file' and not os.path.islink(os.path.join(casedir, v)):
                return 'SILENT_WRONG', '--output symlink replaced', r
        if cmd == 'embed':
            bad = check_matrix(load_npy(os.path.join(casedir, 'out.npy')), 3, 384)
            if bad:
                return 'SILENT_WRONG', bad, r
        if not ok_valid:
            return 'SILENT_WRONG', 'exit 0 on an invalid value (%s)' % why, r
        return 'OK', 'valid value accepted', r
    return Case('cli', idx, fam, why, execute)


# ======================================================================================================================
# surface 8: serve

class Server:
    def __init__(self, ctx, casedir):
        self.ctx = ctx
        argv = ['nice', '-n', str(ctx.nice), ctx.binary, 'serve', '--model', ctx.model, '--host', '127.0.0.1', '--port', '0']
        ctx.cmds.append((casedir, argv[3:]))
        self.err = open(os.path.join(casedir, 'serve.stderr'), 'wb')
        self.p = subprocess.Popen(argv, cwd=casedir, stdout=subprocess.PIPE, stderr=self.err, stdin=subprocess.DEVNULL,
                                  start_new_session=True, preexec_fn=_limits(ctx.mem))
        self.port = None
        self.lines = []
        deadline = time.time() + 60

        def reader():
            for line in self.p.stdout:
                self.lines.append(line.decode('utf-8', 'replace'))
        self.t = threading.Thread(target=reader, daemon=True)
        self.t.start()
        while time.time() < deadline and self.port is None and self.p.poll() is None:
            for l in list(self.lines):
                m = re.search(r'127\.0\.0\.1:(\d+)', l)
                if m:
                    self.port = int(m.group(1))
            time.sleep(0.05)
        if self.port is None:
            self.stop()
            raise RuntimeError('serve did not print a port: ' + ''.join(self.lines)[-300:])

    def alive(self):
        return self.p.poll() is None

    def stop(self):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGTERM)
                self.p.wait(5)
            except Exception:
                try:
                    os.killpg(self.p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.p.wait()
        self.err.close()

    def stderr(self):
        try:
            return open(self.err.name, 'rb').read().decode('utf-8', 'replace')[-4000:]
        except Exception:
            return ''


def http_raw(port, data, timeout=30, shut=True, chunks=None):
    """Send raw bytes, return (status or None, headers+body bytes, seconds, error)."""
    t0 = time.time()
    s = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    err = None
    errs = []

    def sender():
        try:
            s.sendall(data)
            if shut:
                s.shutdown(socket.SHUT_WR)
        except OSError as e:
            errs.append('send: %s' % e)
    th = threading.Thread(target=sender, daemon=True)
    th.start()
    try:
        buf = b''
        while True:
            try:
                b = s.recv(65536)
            except socket.timeout:
                return None, buf, time.time() - t0, 'timeout'
            except OSError as e:
                err = err or 'recv: %s' % e
                break
            if not b:
                break
            buf += b
            if len(buf) > (8 << 20):
                break
            m = re.match(rb'HTTP/1\.[01] \d+[^\r\n]*\r\n(.*?)\r\n\r\n', buf, re.S)
            if m:
                cl = re.search(rb'(?i)content-length:\s*(\d+)', m.group(1))
                if cl and len(buf) >= m.end() + int(cl.group(1)):
                    break
    finally:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()
        th.join(5)
    err = err or (errs[0] if errs else None)
    m = re.match(rb'HTTP/1\.[01] (\d+)', buf)
    return (int(m.group(1)) if m else None), buf, time.time() - t0, err


def req(method, path, body=b'', headers=None, te=None):
    h = {'Host': '127.0.0.1', 'Content-Type': 'application/json', 'Connection': 'close'}
    if headers:
        h.update(headers)
    if te is None and body is not None and 'Content-Length' not in h:
        h['Content-Length'] = str(len(body))
    head = '%s %s HTTP/1.1\r\n' % (method, path) + ''.join('%s: %s\r\n' % kv for kv in h.items()) + '\r\n'
    return head.encode() + (body or b'')


def big_body(route, nbytes):
    key = {'/embed': 'inputs', '/v1/embeddings': 'input', '/api/embed': 'input'}[route]
    return b'{"%s": "' % key.encode() + b'a' * nbytes + b'"}'


def gen_serve(ctx, rng, idx):
    fams = ['bad-chunked', 'huge-body', 'slow-hostile', 'wrong-json', 'bad-request-line', 'huge-content-length',
            'deep-nesting', 'bad-base64', 'unknown-route', 'dimensions', 'too-many-inputs', 'truncate-false', 'invalid-utf8',
            'valid', 'headers']
    fam, k = family_schedule(fams, idx, rng)
    route = rng.choice(['/embed', '/v1/embeddings', '/api/embed'])
    key = {'/embed': 'inputs', '/v1/embeddings': 'input', '/api/embed': 'input'}[route]
    client_error, data, why = True, None, fam
    extra = {}
    if fam == 'bad-chunked':
        v = pick(rng, k, [b'ZZ\r\nabc\r\n0\r\n\r\n', b'-5\r\nabc\r\n0\r\n\r\n', b'FFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n',
                          b'3\r\nabc', b'3\r\nabcdef\r\n0\r\n\r\n', b'1;ext=\x00\r\n{\r\n0\r\n\r\n'])
        data = ('POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' % route).encode() + v
        why = 'chunked body %r' % v[:30]
    elif fam == 'huge-body':
        n = pick(rng, k, [70 << 20, 20 << 20, 200 << 20])
        data = req('POST', route, big_body(route, n))
        why = '%s body of %d MB' % (route, n >> 20)
        client_error = True if n > (64 << 20) else None
    elif fam == 'slow-hostile':
        tokn = pick(rng, k, ['[SEP]', '[UNK]', '[MASK] w '])
        n = 8000
        data = req('POST', '/embed', json.dumps({'inputs': tokn * n, 'truncate': True}).encode())
        why = '%r x %d to /embed while a small request waits' % (tokn, n)
        client_error = False
    elif fam == 'wrong-json':
        v = pick(rng, k, [5, [1, 2], None, {}, [], 'str', {'x': 'a'}, {key: 'a', 'normalize': 'yes'}, {key: 'a', 'truncate': 5},
                          {key: [None]}, {key: {'a': 1}}, {key: 'a', 'model': 5}, {key: ['a'] * 2 + [3]}])
        body = json.dumps(v if not (isinstance(v, (int, type(None))) and False) else v).encode()
        if isinstance(v, (int, str, type(None))) and not isinstance(v, dict) and k in (0,):
            body = json.dumps({key: v}).encode()
        data = req('POST', route, body)
        why = '%s body %s' % (route, body[:60].decode())
    elif fam == 'bad-request-line':
        data = pick(rng, k, [b'GARBAGE\r\n\r\n', b'GET\r\n\r\n', b'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
                             b'GET /' + b'a' * 200000 + b' HTTP/1.1\r\nHost: x\r\n\r\n', b'GET / HTTP/1.1\r\nNoColonHeader\r\n\r\n',
                             b'\x00\x01\x02\x03\r\n\r\n', b'POST /embed HTTP/1.1\r\nHost: x\r\n' + b'X-A: b\r\n' * 20000 + b'\r\n'])
        why = 'request %r' % data[:40]
    elif fam == 'huge-content-length':
        v = pick(rng, k, ['1000000000000', '-1', 'abc', '18446744073709551616', '99999999'])
        data = req('POST', route, b'{"%s": "a"}' % key.encode(), headers={'Content-Length': v})
        why = '%s Content-Length %s with a 14-byte body' % (route, v)
    elif fam == 'deep-nesting':
        n = pick(rng, k, [100000, 10000, 1000000])
        data = req('POST', route, b'{"%s": ' % key.encode() + b'[' * n + b']' * n + b'}')
        why = '%s %s nested %d deep' % (route, key, n)
    elif fam == 'bad-base64':
        v = pick(rng, k, ['BASE64', 'base64 ', '', None, 5, 'float\x00', ['base64']])
        data = req('POST', '/v1/embeddings', json.dumps({'input': ['hello'], 'encoding_format': v, 'model': 'm'}).encode())
        why = '/v1/embeddings encoding_format %r' % (v,)
        client_error = v is not None
    elif fam == 'unknown-route':
        m, p = pick(rng, k, [('GET', '/nope'), ('POST', '/health'), ('DELETE', '/embed'), ('GET', '/v1/embeddings'),
                             ('GET', '/../../etc/passwd'), ('PUT', '/api/embed'), ('GET', '/%ff%fe'), ('OPTIONS', '*')])
        data = req(m, p, b'' if m == 'GET' else b'{}')
        why = '%s %s' % (m, p)
    elif fam == 'dimensions':
        v = pick(rng, k, [0, -1, 100000, 'x', 1e300, 384.5, 2 ** 63, True, None])
        data = req('POST', '/v1/embeddings', json.dumps({'input': ['hello'], 'dimensions': v, 'model': 'm'}).encode())
        why = '/v1/embeddings dimensions %r' % (v,)
        client_error = v is not None
    elif fam == 'too-many-inputs':
        n = pick(rng, k, [2049, 100000, 0])
        data = req('POST', route, json.dumps({key: ['x'] * n}).encode())
        why = '%s with %d inputs' % (route, n)
    elif fam == 'truncate-false':
        r2 = rng.choice(['/embed', '/api/embed'])
        data = req('POST', r2, json.dumps({('inputs' if r2 == '/embed' else 'input'): LONG_TEXT, 'truncate': False}).encode())
        why = '%s truncate false with a %d-token text' % (r2, 800)
    elif fam == 'invalid-utf8':
        data = req('POST', route, b'{"%s": "hel\xff\xfelo"}' % key.encode())
        why = '%s invalid UTF-8 in the JSON' % route
    elif fam == 'valid':
        data = req('POST', route, json.dumps({key: ['hello', 'world'], 'model': 'm'}).encode())
        why = '%s two texts (control)' % route
        client_error = False
    elif fam == 'headers':
        v = pick(rng, k, [{'Content-Type': 'text/plain'}, {'Content-Type': 'application/json; charset=latin1'},
                          {'Content-Encoding': 'gzip'}, {'Expect': '100-continue'}, {'Transfer-Encoding': 'gzip'}])
        data = req('POST', route, json.dumps({key: ['hello'], 'model': 'm'}).encode(), headers=v)
        why = '%s with headers %s' % (route, v)
        client_error = None

    def execute(casedir, server):
        ctx.cmds.append((casedir, ['# raw request to 127.0.0.1:PORT: ' + repr(data[:300])]))
        write(os.path.join(casedir, 'request.bin'), data if len(data) < (1 << 20) else data[:1 << 20])
        port = server.port
        result = {}
        if fam == 'slow-hostile':
            th = threading.Thread(target=lambda: result.__setitem__('h', http_raw(port, data, timeout=120)))
            th.start()
            time.sleep(0.5)
            st, buf, secs, err = http_raw(port, req('POST', '/embed', b'{"inputs": "small"}'), timeout=60)
            th.join(130)
            fake = Res(['serve'], casedir, 0, 'small request: %s after %.1f s; hostile: %s after %.1f s' % (
                st, secs, result.get('h', (None,))[0], result.get('h', (0, 0, 0))[2]), server.stderr(), secs, False)
            if not server.alive():
                return 'CRASH', 'server exited with status %s' % server.p.returncode, fake
            if st is None:
                return 'HANG', 'small request not answered within 60 s while a hostile one ran', fake
            if secs > 5:
                return 'HANG', 'small request answered only after %.1f s while a hostile one ran (head-of-line blocking)' % secs, fake
            return 'OK', 'small request answered in %.1f s' % secs, fake
        st, buf, secs, err = http_raw(port, data, timeout=60)
        body = buf.split(b'\r\n\r\n', 1)[-1]
        fake = Res(['serve'], casedir, 0, 'status %s after %.2f s (%s)\n%s' % (st, secs, err, dec(buf[:3000], 3000)),
                   server.stderr(), secs, False)
        time.sleep(0.05)
        if not server.alive():
            return 'CRASH', 'server exited with status %s after %s' % (server.p.returncode, why), fake
        hs, hb, hsecs, herr = http_raw(port, req('GET', '/health', None), timeout=15)
        if hs != 200:
            return 'HANG', 'server does not answer /health after the request (%s, %s)' % (hs, herr), fake
        if st is None and err == 'timeout':
            return 'HANG', 'no answer within 60 s', fake
        if RAW_RE.search(body.decode('utf-8', 'replace')):
            return 'RAW_ERROR', 'raw error in the reply: %s' % body[:200].decode('utf-8', 'replace'), fake
        if st is not None and st >= 500 and client_error is not False:
            return 'SERVER_5XX_ON_CLIENT_ERROR', '%s answered %d: %s' % (why, st, body[:160].decode('utf-8', 'replace')), fake
        if st is not None and 200 <= st < 300:
            if client_error is True:
                return 'SILENT_WRONG', '%s answered %d (a client error)' % (why, st), fake
            bad = check_reply(body, '/v1/embeddings' if fam in ('bad-base64', 'dimensions') else route)
            if bad and fam in ('valid', 'headers', 'dimensions'):
                return 'SILENT_WRONG', bad, fake
        if st is not None and st >= 500:
            return 'SERVER_5XX_ON_CLIENT_ERROR' if client_error is not False else 'OK', '%d on %s' % (st, why), fake
        return 'OK', 'status %s in %.2f s' % (st, secs), fake
    return Case('serve', idx, fam, why, execute)


def check_reply(body, route):
    try:
        o = json.loads(body)
    except Exception as e:
        return 'a 2xx reply that is not JSON: %s' % e
    try:
        if route == '/embed':
            vecs = o
        elif route == '/api/embed':
            vecs = o['embeddings']
        else:
            vecs = []
            for d in o['data']:
                e = d['embedding']
                vecs.append(np.frombuffer(base64.b64decode(e), '<f4') if isinstance(e, str) else e)
        a = [np.asarray(v, dtype=float) for v in vecs]
        if not a or any(x.size == 0 or not np.all(np.isfinite(x)) for x in a):
            return 'a 2xx reply with empty or non-finite vectors'
    except Exception as e:
        return 'a 2xx reply of an unexpected shape: %s' % e
    return None


# ======================================================================================================================
# driver

GENERATORS = {'safetensors': gen_safetensors, 'config': gen_config, 'tasks': gen_tasks, 'text': gen_text, 'cache': gen_cache,
              'gate': gen_gate, 'cli': gen_cli, 'serve': gen_serve}


def case_rng(seed, surface, idx):
    return random.Random('%d:%s:%d' % (seed, surface, idx))


class Findings:
    def __init__(self, ctx):
        self.ctx = ctx
        self.classes = {}     # (surface, family, verdict) -> info
        self.counts = {}
        os.makedirs(ctx.out, exist_ok=True)

    def record(self, case, verdict, reason, res, casedir, cmds):
        c = self.counts.setdefault(case.surface, {'cases': 0})
        c['cases'] += 1
        c[verdict] = c.get(verdict, 0) + 1
        if verdict == 'OK':
            return False
        key = (case.surface, case.family, verdict)
        if key in self.classes:
            self.classes[key]['hits'] += 1
            return False
        slug = re.sub(r'[^a-z0-9]+', '-', '%s-%s-%s' % (key[0], key[1], verdict.lower())).strip('-')
        d = os.path.join(self.ctx.out, '%02d-%s' % (len(self.classes) + 1, slug))
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        self.classes[key] = {'dir': d, 'hits': 1, 'reason': reason, 'desc': case.desc, 'idx': case.idx}
        copy_small(casedir, os.path.join(d, 'case'))
        B = self.ctx.binary
        lines = ['#!/bin/bash', '# %s / %s: %s' % (case.surface, case.family, verdict), '# mutation: %s' % case.desc,
                 '# observed: %s' % reason, '# KNOWN hint: %s' % KNOWN.get((case.surface, case.family), 'none'),
                 '# Replay the exact case (regenerates every input, incl. model files too large to keep here):',
                 'python3 %s --binary "${B:-%s}" --replay %s:%d --seed %d --out /tmp/fuzz-replay' % (
                     os.path.abspath(__file__), B, case.surface, case.idx, self.ctx.seed),
                 '# Or run the recorded commands on the kept inputs in ./case (model folders hold symlinks; large files are dropped):',
                 'cd "$(dirname "$0")/case" || exit 1']
        for cwd, argv in cmds:
            if argv and argv[0].startswith('#'):
                lines.append(argv[0])
                continue
            a = ['"${B:-%s}"' % B] + [sh_quote(x.replace(casedir + '/', '').replace(casedir, '.')) for x in argv[1:]]
            lines.append('timeout 60 ' + ' '.join(a) + '; echo "exit status $?"')
        write(os.path.join(d, 'repro.sh'), '\n'.join(lines) + '\n')
        os.chmod(os.path.join(d, 'repro.sh'), 0o755)
        write(os.path.join(d, 'stdout.txt'), res.out if res else '')
        write(os.path.join(d, 'stderr.txt'), res.err if res else '')
        write(os.path.join(d, 'verdict.json'), json.dumps({'surface': case.surface, 'family': case.family, 'verdict': verdict,
                                                            'reason': reason, 'mutation': case.desc, 'case': case.idx,
                                                            'seed': self.ctx.seed, 'exit': res.rc if res else None,
                                                            'seconds': round(res.elapsed, 2) if res else None,
                                                            'known_hint': KNOWN.get((case.surface, case.family))}, indent=1))
        return True


def sh_quote(s):
    if re.fullmatch(r'[A-Za-z0-9_./:,=@+-]+', s):
        return s
    if len(s) > 400:
        s = s[:400] + '…'
    return "'" + s.replace("'", "'\\''") + "'"


def copy_small(src, dst, limit=2 << 20):
    for dp, dn, fn in os.walk(src):
        rel = os.path.relpath(dp, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        for f in fn:
            s = os.path.join(dp, f)
            t = os.path.join(dst, rel, f)
            try:
                if os.path.islink(s):
                    os.symlink(os.readlink(s), t)
                elif stat.S_ISREG(os.lstat(s).st_mode):
                    if os.path.getsize(s) <= limit:
                        shutil.copy2(s, t)
                    else:
                        write(t + '.TOO-LARGE.txt', 'dropped: %d bytes; regenerate with the replay command\n' % os.path.getsize(s))
            except OSError:
                pass


def run_case(ctx, findings, case, server=None):
    casedir = tempfile.mkdtemp(prefix='%s-%04d-' % (case.surface, case.idx), dir=ctx.root)
    ctx.cmds = []
    t0 = time.time()
    try:
        if case.surface == 'serve':
            verdict, reason, res = case.execute(casedir, server)
        else:
            verdict, reason, res = case.execute(casedir)
    except Exception as e:
        import traceback
        verdict, reason, res = 'OK', 'fuzzer error (not counted as a finding): %s' % e, None
        traceback.print_exc()
    new = findings.record(case, verdict, reason, res, casedir, ctx.cmds)
    log('[%-11s %4d] %-20s %-26s %5.1fs %s%s' % (case.surface, case.idx, case.family[:20], verdict, time.time() - t0,
                                                 '(new class) ' if new else '', (case.desc + ' -> ' + reason)[:180]))
    if not ctx.keep:
        shutil.rmtree(casedir, ignore_errors=True)
    return verdict


def fuzz_surface(ctx, findings, surface, budget, only_idx=None):
    gen = GENERATORS[surface]
    t_end = time.time() + budget
    idx = 0
    hung = {}
    server = None
    served = 0
    try:
        while True:
            if only_idx is not None:
                idx = only_idx
            elif time.time() >= t_end:
                break
            case = gen(ctx, case_rng(ctx.seed, surface, idx), idx)
            if only_idx is None and hung.get(case.family, 0) >= 1 and surface != 'serve':
                idx += 1
                if idx > 5000:
                    break
                continue
            if surface == 'serve':
                if server is None or not server.alive() or served >= 25:
                    if server:
                        server.stop()
                    server = Server(ctx, tempfile.mkdtemp(prefix='server-', dir=ctx.root))
                    served = 0
                served += 1
                v = run_case(ctx, findings, case, server)
                if v in ('CRASH', 'HANG'):
                    server.stop()
                    server = None
            else:
                v = run_case(ctx, findings, case)
            if v == 'HANG':
                hung[case.family] = hung.get(case.family, 0) + 1
            if only_idx is not None:
                return v
            idx += 1
    finally:
        if server:
            server.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--binary', default=os.path.join(PROJECT, '.build/release/evalbench'))
    ap.add_argument('--minutes', type=float, default=5, help='total budget, split evenly over the surfaces')
    ap.add_argument('--surface', action='append', choices=SURFACES, help='surfaces to fuzz (repeatable; default all)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', default='/tmp/fuzz-out')
    ap.add_argument('--timeout', type=float, default=30, help='seconds per binary run before HANG')
    ap.add_argument('--mem-mb', type=int, default=4000, help='address-space limit per run (MB), so huge allocations fail fast')
    ap.add_argument('--nice', type=int, default=19)
    ap.add_argument('--model', help='the all-MiniLM-L6-v2 folder (default: from the Hugging Face cache)')
    ap.add_argument('--keep', action='store_true', help='keep every case folder')
    ap.add_argument('--replay', help='SURFACE:INDEX: run one case again (same --seed)')
    a = ap.parse_args()
    if not os.access(a.binary, os.X_OK):
        sys.exit('fuzz.py: %s is not an executable' % a.binary)
    ctx = Ctx(a)
    findings = Findings(ctx)
    log('evalbench fuzz: binary %s, seed %d, model %s, work %s, findings -> %s' % (ctx.binary, ctx.seed, ctx.model, ctx.root, ctx.out))
    try:
        if a.replay:
            s, i = a.replay.split(':')
            ctx.keep = True
            v = fuzz_surface(ctx, findings, s, 0, only_idx=int(i))
            log('case folder kept under %s' % ctx.root)
            return 1 if v != 'OK' else 0
        surfaces = a.surface or SURFACES
        budget = a.minutes * 60 / len(surfaces)
        for s in surfaces:
            log('== surface %s (%.0f s)' % (s, budget))
            t0 = time.time()
            try:
                fuzz_surface(ctx, findings, s, budget)
            except Exception as e:
                import traceback
                traceback.print_exc()
                log('surface %s stopped: %s' % (s, e))
            log('== surface %s done in %.0f s' % (s, time.time() - t0))
    except KeyboardInterrupt:
        log('interrupted')
    finally:
        if not ctx.keep:
            shutil.rmtree(ctx.root, ignore_errors=True)
    summary(findings)
    bad = any(v for s in findings.counts.values() for k, v in s.items() if k not in ('cases', 'OK') and v)
    return 1 if bad else 0


def summary(findings):
    cols = VERDICTS
    log('\n## summary\n')
    log('| surface | cases | ' + ' | '.join(cols) + ' | classes |')
    log('| --- | ---: | ' + ' | '.join('---:' for _ in cols) + ' | ---: |')
    for s in SURFACES:
        c = findings.counts.get(s)
        if not c:
            continue
        ncls = sum(1 for k in findings.classes if k[0] == s)
        log('| %s | %d | %s | %d |' % (s, c['cases'], ' | '.join(str(c.get(v, 0)) for v in cols), ncls))
    log('\n## finding classes (%d) under %s\n' % (len(findings.classes), findings.ctx.out))
    for (s, f, v), info in findings.classes.items():
        log('- %s  [%s/%s %s, %d hits, known hint %s] %s -> %s' % (os.path.basename(info['dir']), s, f, v, info['hits'],
                                                                  KNOWN.get((s, f), '-'), info['desc'][:90], info['reason'][:140]))
    write(os.path.join(findings.ctx.out, 'summary.json'), json.dumps({
        'counts': findings.counts,
        'classes': [{'surface': s, 'family': f, 'verdict': v, **{k: x for k, x in info.items()}, 'known_hint': KNOWN.get((s, f))}
                    for (s, f, v), info in findings.classes.items()]}, indent=1))


if __name__ == '__main__':
    sys.exit(main())
