#!/usr/bin/env python3
"""Write parity fixtures for your own shapes with your TensorFlow, in the project's format.

    python3 tools/make_fixtures.py --spec my-shapes.json --out my-fixtures
    dotnet run -c Release --project parity -- my-fixtures

The folder gets a manifest.json and one .npz per numeric case, exactly as docs/fixture-format.md describes
(format "atrous-conv-golden/1"): forward results, gradients (tf.GradientTape, with a drawn upstream gradient
grad_output), the errors TensorFlow raises (type and message as raised) and the inputs it accepts.
Needs Python 3 with tensorflow and numpy, nothing else. docs/parity-for-your-shapes.md has the spec format;
`--example-spec` prints an example.

--selftest-numpy writes the same folder without TensorFlow: a plain NumPy reference of the ops stands in for
TensorFlow's numbers, and a few of TensorFlow's argument checks for its verdicts. It tests this script's writer
(and the parity runner's reading of it), not TensorFlow.
"""

import argparse
import itertools
import json
import os
import platform
import sys

import numpy as np

FORMAT = "atrous-conv-golden/1"
OPS = ("atrous_conv2d_transpose", "conv2d_transpose", "atrous_conv2d")
KINDS = ("forward", "gradient", "verdict")
NUMERIC_DTYPES = ("float32", "float64", "float16", "bfloat16", "int32")
ID_PREFIX = {"atrous_conv2d_transpose": "", "conv2d_transpose": "ct-", "atrous_conv2d": "ac-"}
KIND_TAG = {"forward": "forw", "gradient": "grad", "error": "erro", "accepted": "acce"}

EXAMPLE_SPEC = {
    "set": "my-shapes",
    "seed": 1,
    "cases": [
        {"op": "atrous_conv2d_transpose", "value_shape": [1, 32, 32, 16], "filters_shape": [3, 3, 8, 16],
         "rates": [2, 4], "paddings": ["SAME", "VALID"], "dtypes": ["float32", "bfloat16"], "kinds": ["forward"]},
        {"op": "atrous_conv2d_transpose", "value_shape": [2, 16, 16, 8], "filters_shape": [3, 3, 4, 8],
         "rate": 2, "padding": "SAME", "dtypes": ["float32", "float64"], "kinds": ["gradient"]},
        {"op": "atrous_conv2d_transpose", "value_shape": [1, 16, 16, 8], "filters_shape": [3, 3, 4, 8],
         "rate": 2, "padding": "SAME", "output_shape": [1, 17, 16, 4], "kinds": ["verdict"],
         "note": "one row too many: TensorFlow raises"},
        {"op": "conv2d_transpose", "value_shape": [1, 8, 8, 4], "filters_shape": [3, 3, 2, 4],
         "strides": [2, 2], "dilations": [2, 2], "padding": "VALID", "dtype": "float32", "kinds": ["forward", "gradient"]},
        {"op": "atrous_conv2d", "value_shape": [1, 20, 20, 3], "filters_shape": [3, 3, 3, 6],
         "rate": 3, "padding": "SAME", "dtypes": ["float32", "float16"], "kinds": ["forward"]},
    ],
}


class SpecError(Exception):
    """A spec entry that cannot be made into cases; the message says which and why."""


# ----------------------------------------------------------------------------------------------------------------
# The spec: entries with list-valued keys (rates, paddings, dtypes, kinds, strides_list, ...) expand into cases.

def expand(entry, index):
    """The concrete cases of one spec entry (the cartesian product of its list-valued keys)."""
    where = f"spec case {index}"
    op = entry.get("op")
    if op not in OPS:
        raise SpecError(f"{where}: 'op' is {op!r}; expected one of {', '.join(OPS)}")
    for key in ("value_shape", "filters_shape"):
        if not isinstance(entry.get(key), list):
            raise SpecError(f"{where}: '{key}' is missing or not a list")

    def choices(singular, plural, default):
        if plural in entry:
            values = entry[plural]
            if not isinstance(values, list) or not values:
                raise SpecError(f"{where}: '{plural}' must be a non-empty list")
            return values
        return [entry.get(singular, default)]

    axes = {
        "dtype": choices("dtype", "dtypes", "float32"),
        "kind": choices("kind", "kinds", "forward"),
        "padding": choices("padding", "paddings", "SAME"),
    }
    if op == "conv2d_transpose":
        axes["strides"] = choices("strides", "strides_list", [1, 1])
        axes["dilations"] = choices("dilations", "dilations_list", [1, 1])
    else:
        axes["rate"] = choices("rate", "rates", 1)

    names = list(axes)
    for combination in itertools.product(*(axes[n] for n in names)):
        case = dict(zip(names, combination))
        if case["kind"] not in KINDS:
            raise SpecError(f"{where}: kind {case['kind']!r}; expected one of {', '.join(KINDS)}")
        case.update(op=op, value_shape=list(entry["value_shape"]), filters_shape=list(entry["filters_shape"]))
        for key in ("output_shape", "output_shape_as", "filters_dtype", "note", "values"):
            if key in entry:
                case[key] = entry[key]
        if case["kind"] != "verdict" and case["dtype"] not in NUMERIC_DTYPES:
            raise SpecError(f"{where}: dtype {case['dtype']!r} for a {case['kind']} case; numeric cases take "
                            f"{', '.join(NUMERIC_DTYPES)} (use kind 'verdict' to record what TensorFlow does with others)")
        if case["kind"] != "verdict" and case.get("filters_dtype", case["dtype"]) != case["dtype"]:
            raise SpecError(f"{where}: filters_dtype differs from dtype; only a 'verdict' case can mix them")
        case.setdefault("values", "int" if case["dtype"] == "int32" else "normal")
        if case["values"] not in ("normal", "int"):
            raise SpecError(f"{where}: values {case['values']!r}; expected 'normal' or 'int'")
        if op != "atrous_conv2d":
            case.setdefault("output_shape", default_output_shape(case))
            case.setdefault("output_shape_as", "list")
        yield case


def default_output_shape(case):
    """The transposed ops' natural output_shape (the one TensorFlow's shape rules accept)."""
    n, h, w, _ = case["value_shape"]
    kh, kw, out_channels, _ = case["filters_shape"]
    if case["op"] == "atrous_conv2d_transpose":
        (sh, sw), (dh, dw) = (1, 1), (case["rate"], case["rate"])
    else:
        (sh, sw), (dh, dw) = case["strides"], case["dilations"]
    if case["padding"] == "VALID":
        return [n, (h - 1) * sh + (kh - 1) * dh + 1, (w - 1) * sw + (kw - 1) * dw + 1, out_channels]
    return [n, h * sh, w * sw, out_channels]


# ----------------------------------------------------------------------------------------------------------------
# Inputs, drawn in NumPy and rounded to the case's dtype, so both backends see the same numbers.

def bfloat16_bits(x):
    """float32 -> bfloat16 bits (<u2), round to nearest even, as TensorFlow; NaN stays a quiet NaN."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(np.asarray(x, dtype=np.float32))
    return np.where(nan, ((bits >> 16) | 0x40).astype(np.uint16), rounded)


def bfloat16_value(bits):
    """bfloat16 bits -> float32, exactly."""
    return (np.asarray(bits, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


def storage(x, dtype):
    """Values (float64 or integers) in the array format of docs/fixture-format.md for dtype."""
    if dtype == "bfloat16":
        return bfloat16_bits(np.asarray(x, dtype=np.float32))
    if dtype == "int32":
        return np.asarray(x).astype(np.int64).astype(np.int32)  # wraps around, as TensorFlow's int32
    return np.asarray(x).astype({"float32": np.float32, "float64": np.float64, "float16": np.float16}[dtype])


def numbers(stored, dtype):
    """The values an array of the fixture format stands for, as float64 (int64 for int32)."""
    if dtype == "bfloat16":
        return bfloat16_value(stored).astype(np.float64)
    return stored.astype(np.int64 if dtype == "int32" else np.float64)


def draw(rng, shape, case):
    if case["values"] == "int" or case["dtype"] == "int32":
        return rng.integers(-3, 4, size=shape).astype(np.float64)
    return rng.standard_normal(size=shape)


# ----------------------------------------------------------------------------------------------------------------
# Geometry shared by the NumPy reference: every op is a sum of value x filter products at taps.

def transposed_geometry(case):
    """(strides, dilations, top/left padding) of a transposed op; see docs/tf-semantics.md §3 and §13."""
    if case["op"] == "atrous_conv2d_transpose":
        strides, dilations = (1, 1), (case["rate"], case["rate"])
    else:
        strides, dilations = tuple(case["strides"]), tuple(case["dilations"])
    pads = []
    for axis in (0, 1):
        x, k, o = case["value_shape"][1 + axis], case["filters_shape"][axis], case["output_shape"][1 + axis]
        ke = (k - 1) * dilations[axis] + 1
        pads.append(max(0, (x - 1) * strides[axis] + ke - o) // 2 if case["padding"] == "SAME" else 0)
    return strides, dilations, pads


def tap_rows(size, stride, tap, dilation, pad, out_size):
    """Input positions i and their output positions o = i*stride + tap*dilation - pad that land inside."""
    i = np.arange(size)
    o = i * stride + tap * dilation - pad
    keep = (o >= 0) & (o < out_size)
    return i[keep], o[keep]


def numpy_transposed(case, v, f):
    """conv2d_transpose by its scatter definition (docs/tf-semantics.md §1): y[o] += v[i] * f[tap]."""
    (sh, sw), (dh, dw), (pt, pl) = transposed_geometry(case)
    out = np.zeros(case["output_shape"], dtype=v.dtype)
    for a in range(f.shape[0]):
        ri, ro = tap_rows(v.shape[1], sh, a, dh, pt, out.shape[1])
        for b in range(f.shape[1]):
            ci, co = tap_rows(v.shape[2], sw, b, dw, pl, out.shape[2])
            if ri.size and ci.size:
                out[:, ro[:, None], co[None, :], :] += np.einsum("nhwc,oc->nhwo", v[:, ri[:, None], ci[None, :], :], f[a, b])
    return out


def numpy_transposed_gradients(case, v, f, g):
    """d(sum(y * g)) / d value and / d filters of the transposed op."""
    (sh, sw), (dh, dw), (pt, pl) = transposed_geometry(case)
    gv, gf = np.zeros_like(v), np.zeros_like(f)
    for a in range(f.shape[0]):
        ri, ro = tap_rows(v.shape[1], sh, a, dh, pt, g.shape[1])
        for b in range(f.shape[1]):
            ci, co = tap_rows(v.shape[2], sw, b, dw, pl, g.shape[2])
            if ri.size and ci.size:
                gs = g[:, ro[:, None], co[None, :], :]
                gv[:, ri[:, None], ci[None, :], :] += np.einsum("nhwo,oc->nhwc", gs, f[a, b])
                gf[a, b] += np.einsum("nhwc,nhwo->oc", v[:, ri[:, None], ci[None, :], :], gs)
    return gv, gf


def atrous_conv2d_geometry(case, value_shape):
    r = case["rate"]
    kh, kw = case["filters_shape"][0], case["filters_shape"][1]
    if case["padding"] == "SAME":
        return [value_shape[1], value_shape[2]], [((kh - 1) * r) // 2, ((kw - 1) * r) // 2]
    return [value_shape[1] - (kh - 1) * r, value_shape[2] - (kw - 1) * r], [0, 0]


def numpy_atrous_conv2d(case, v, f):
    """tf.nn.atrous_conv2d: y[o] = sum v[o + tap*rate - pad] * f[tap], filters [kh, kw, in, out]."""
    r = case["rate"]
    (oh, ow), (pt, pl) = atrous_conv2d_geometry(case, v.shape)
    out = np.zeros([v.shape[0], oh, ow, f.shape[3]], dtype=v.dtype)
    for a in range(f.shape[0]):
        # output row o reads input row o + a*r - pt: the transposed tap map read the other way round
        ro, ri = tap_rows(oh, 1, a, r, pt, v.shape[1])
        for b in range(f.shape[1]):
            co, ci = tap_rows(ow, 1, b, r, pl, v.shape[2])
            if ro.size and co.size:
                out[:, ro[:, None], co[None, :], :] += np.einsum("nhwc,co->nhwo", v[:, ri[:, None], ci[None, :], :], f[a, b])
    return out


def numpy_atrous_conv2d_gradients(case, v, f, g):
    r = case["rate"]
    (oh, ow), (pt, pl) = atrous_conv2d_geometry(case, v.shape)
    gv, gf = np.zeros_like(v), np.zeros_like(f)
    for a in range(f.shape[0]):
        ro, ri = tap_rows(oh, 1, a, r, pt, v.shape[1])
        for b in range(f.shape[1]):
            co, ci = tap_rows(ow, 1, b, r, pl, v.shape[2])
            if ro.size and co.size:
                gs = g[:, ro[:, None], co[None, :], :]
                gv[:, ri[:, None], ci[None, :], :] += np.einsum("nhwo,co->nhwc", gs, f[a, b])
                gf[a, b] += np.einsum("nhwc,nhwo->co", v[:, ri[:, None], ci[None, :], :], gs)
    return gv, gf


# ----------------------------------------------------------------------------------------------------------------
# Backends: what computes the results. Both take and return arrays in the fixture format (storage(...)).

class Rejected(Exception):
    """The backend's op raised: TensorFlow's exception type name and message."""

    def __init__(self, type_name, message, tf_limit=False):
        super().__init__(message)
        self.type_name, self.message, self.tf_limit = type_name, message, tf_limit


class NumpyBackend:
    """--selftest-numpy: the NumPy reference above, and a few of TensorFlow's checks (docs/tf-semantics.md §14)."""

    name = "numpy self-test (no TensorFlow: the NumPy reference in tools/make_fixtures.py)"
    onednn = None

    def check(self, case):
        v, f = case["value_shape"], case["filters_shape"]
        if case.get("filters_dtype", case["dtype"]) != case["dtype"] or case["dtype"] not in NUMERIC_DTYPES:
            raise Rejected("InvalidArgumentError", f"self-test: dtype {case['dtype']} is not accepted")
        if case["padding"] not in ("SAME", "VALID"):
            raise Rejected("ValueError", f"self-test: padding={case['padding']}")
        if case["op"] == "atrous_conv2d":
            if v[3] != f[2] or case["rate"] < 1:
                raise Rejected("ValueError", "self-test: channels or rate")
            (oh, ow), _ = atrous_conv2d_geometry(case, v)
            if oh < 0 or ow < 0:
                raise Rejected("InvalidArgumentError", "self-test: negative output size")
            return [v[0], oh, ow, f[3]]
        if case["op"] == "atrous_conv2d_transpose" and (v[3] != f[3] or case["rate"] < 1):
            raise Rejected("ValueError", "self-test: channels or rate")
        out = case["output_shape"]
        strides, dilations, _ = transposed_geometry(case)
        if min(strides) < 1 or min(dilations) < 1 or len(out) != 4 or out[0] != v[0] or out[3] != f[2] or v[3] != f[3]:
            raise Rejected("InvalidArgumentError", "self-test: strides, dilations, batch or channels")
        for axis in (0, 1):
            o, x, s = out[1 + axis], v[1 + axis], strides[axis]
            ke = (f[axis] - 1) * dilations[axis] + 1
            expected = -(-o // s) if case["padding"] == "SAME" else int((o - ke + s) / s)
            if expected != x or (case["padding"] == "VALID" and expected < 0):
                raise Rejected("InvalidArgumentError", f"self-test: output size {o} does not fit value size {x}")
        return list(out)

    def forward(self, case, value, filters):
        self.check(case)
        v, f = numbers(value, case["dtype"]), numbers(filters, case["dtype"])
        op = numpy_atrous_conv2d if case["op"] == "atrous_conv2d" else numpy_transposed
        return storage(op(case, v, f), case["dtype"])

    def gradient(self, case, value, filters, grad_output):
        self.check(case)
        d = case["dtype"]
        v, f, g = numbers(value, d), numbers(filters, d), numbers(grad_output, d)
        if case["op"] == "atrous_conv2d":
            gv, gf = numpy_atrous_conv2d_gradients(case, v, f, g)
            return {"grad_value": storage(gv, d), "grad_filters": storage(gf, d)}
        gv, gf = numpy_transposed_gradients(case, v, f, g)
        arrays = {"grad_value": storage(gv, d), "grad_filters": storage(gf, d)}
        if case["op"] == "atrous_conv2d_transpose":
            # the transposed filters [kh, kw, out, in] read as atrous_conv2d's [kh, kw, in, out]: g has `out` channels
            arrays["atrous_conv2d_of_grad_output"] = storage(numpy_atrous_conv2d(case, g, f), d)
        return arrays

    def verdict(self, case):
        return self.check(case)


class TensorFlowBackend:
    """Real TensorFlow, eager, on the CPU: what the fixtures are for."""

    def __init__(self):
        import tensorflow as tf  # pylint: disable=import-outside-toplevel
        self.tf = tf
        self.name = tf.__version__
        self.onednn = self._onednn()

    def _onednn(self):
        try:
            from tensorflow.python.util import _pywrap_util_port  # pylint: disable=import-outside-toplevel
            return bool(_pywrap_util_port.IsMklEnabled())
        except Exception:  # pylint: disable=broad-except
            return None

    def tensor(self, stored, dtype):
        """A TF tensor of dtype from a fixture-format array (bfloat16: from its float32 value, exact)."""
        tf = self.tf
        if dtype == "bfloat16":
            return tf.cast(tf.constant(bfloat16_value(stored)), tf.bfloat16)
        return tf.constant(stored)

    def array(self, tensor, dtype):
        """A TF result in the fixture format (bfloat16: its raw bits)."""
        tf = self.tf
        if dtype == "bfloat16":
            return tf.bitcast(tensor, tf.uint16).numpy()
        return tensor.numpy()

    def dilated(self, filters, dilations):
        """Zeros inserted between taps (the definition of dilation), differentiable with respect to filters."""
        tf = self.tf
        dh, dw = dilations
        kh, kw, co, ci = filters.shape
        rows = tf.stack([filters] + [tf.zeros_like(filters)] * (dh - 1), axis=1)
        rows = tf.reshape(rows, [kh * dh, kw, co, ci])[: (kh - 1) * dh + 1]
        cols = tf.stack([rows] + [tf.zeros_like(rows)] * (dw - 1), axis=2)
        return tf.reshape(cols, [rows.shape[0], kw * dw, co, ci])[:, : (kw - 1) * dw + 1]

    def call(self, case, v, f):
        tf = self.tf
        if case["op"] == "atrous_conv2d":
            return tf.nn.atrous_conv2d(v, f, rate=case["rate"], padding=case["padding"])
        out = case["output_shape"]
        if case.get("output_shape_as") == "tensor":
            out = tf.constant(out, dtype=tf.int32)
        if case["op"] == "atrous_conv2d_transpose":
            return tf.nn.atrous_conv2d_transpose(v, f, out, rate=case["rate"], padding=case["padding"])
        sh, sw = case["strides"]
        dilations = list(case["dilations"])
        # TensorFlow's default CPU kernel refuses dilations > 1: the reference is conv2d_transpose on the
        # explicitly dilated filter, as for the project's own fixtures (docs/fixture-format.md).
        if min(dilations) >= 1 and max(dilations) > 1 and min(f.shape[0], f.shape[1]) >= 1:
            f, dilations = self.dilated(f, dilations), [1, 1]
        return tf.nn.conv2d_transpose(v, f, out, strides=[1, sh, sw, 1], padding=case["padding"],
                                      dilations=[1, dilations[0], dilations[1], 1])

    def run(self, action):
        tf = self.tf
        try:
            with tf.device("/CPU:0"):
                return action()
        except (tf.errors.OpError, ValueError, TypeError, IndexError) as e:
            message = e.message if isinstance(e, tf.errors.OpError) else str(e)
            limit = isinstance(e, tf.errors.ResourceExhaustedError) or "overflow" in message
            raise Rejected(type(e).__name__, message, tf_limit=limit) from e

    def forward(self, case, value, filters):
        d = case["dtype"]
        return self.run(lambda: self.array(self.call(case, self.tensor(value, d), self.tensor(filters, d)), d))

    def gradient(self, case, value, filters, grad_output):
        tf, d = self.tf, case["dtype"]

        def action():
            v, f, g = self.tensor(value, d), self.tensor(filters, d), self.tensor(grad_output, d)
            with tf.GradientTape() as tape:
                tape.watch([v, f])
                y = self.call(case, v, f)
            gv, gf = tape.gradient(y, [v, f], output_gradients=g)  # loss = sum(y * g)
            if gv is None or gf is None:
                raise SpecError(f"TensorFlow gives no gradient for dtype {d}")
            arrays = {"grad_value": self.array(gv, d), "grad_filters": self.array(gf, d)}
            if case["op"] == "atrous_conv2d_transpose":
                arrays["atrous_conv2d_of_grad_output"] = self.array(
                    tf.nn.atrous_conv2d(g, f, rate=case["rate"], padding=case["padding"]), d)
            return arrays

        return self.run(action)

    def verdict(self, case):
        tf = self.tf

        def tensor_of(dtype_name, shape, seed):
            base = np.random.default_rng(seed).integers(-2, 3, size=shape).astype(np.float32)
            return tf.cast(tf.constant(base), tf.as_dtype(dtype_name))

        def action():
            v = tensor_of(case["dtype"], case["value_shape"], 1)
            f = tensor_of(case.get("filters_dtype", case["dtype"]), case["filters_shape"], 2)
            return [int(d) for d in self.call(case, v, f).shape]

        return self.run(action)


# ----------------------------------------------------------------------------------------------------------------
# Writing the folder.

def manifest_case(case, case_id, kind):
    """The manifest entry with exactly the keys docs/fixture-format.md gives this op and kind."""
    entry = {"id": case_id, "op": case["op"], "kind": kind, "dtype": case["dtype"]}
    if case["op"] == "atrous_conv2d_transpose" and kind in ("error", "accepted"):
        entry["filters_dtype"] = case.get("filters_dtype", case["dtype"])
    if case["op"] == "conv2d_transpose":
        entry.update(strides=list(case["strides"]), dilations=list(case["dilations"]), padding=case["padding"])
    else:
        entry.update(rate=case["rate"], padding=case["padding"])
    entry.update(value_shape=case["value_shape"], filters_shape=case["filters_shape"])
    if case["op"] != "atrous_conv2d":
        entry.update(output_shape=case["output_shape"], output_shape_as=case["output_shape_as"])
    if "note" in case:
        entry["note"] = case["note"]
    return entry


def case_id(case, kind, index):
    """Ids as in parity/golden: forw-0007, ct-grad-0330, ac-erro-0380."""
    return f"{ID_PREFIX[case['op']]}{KIND_TAG[kind]}-{index:04d}"


def make_case(backend, case, index, rng, folder):
    """One manifest entry (and its .npz for numeric cases); a numeric case TensorFlow rejects becomes an error case."""
    if case["kind"] == "verdict":
        try:
            shape = backend.verdict(case)
        except Rejected as e:
            return error_entry(case, index, e)
        entry = manifest_case(case, case_id(case, "accepted", index), "accepted")
        entry["result_shape"] = shape
        return entry

    d = case["dtype"]
    value = storage(draw(rng, case["value_shape"], case), d)
    filters = storage(draw(rng, case["filters_shape"], case), d)
    try:
        output = backend.forward(case, value, filters)
        arrays = {"value": value, "filters": filters, "output": output}
        if case["kind"] == "gradient":
            grad_output = storage(draw(rng, list(output.shape), case), d)
            arrays["grad_output"] = grad_output
            arrays.update(backend.gradient(case, value, filters, grad_output))
    except Rejected as e:
        print(f"case {index} ({case['op']} {case['kind']}): rejected ({e.type_name}); written as an error case", file=sys.stderr)
        return error_entry(case, index, e)

    entry = manifest_case(case, case_id(case, case["kind"], index), case["kind"])
    if case["op"] == "atrous_conv2d":
        entry["output_shape"] = [int(n) for n in output.shape]
    entry["values"] = case["values"]
    entry["file"] = f"{entry['id']}.npz"
    np.savez(os.path.join(folder, entry["file"]), **arrays)
    return entry


def error_entry(case, index, rejected):
    entry = manifest_case(case, case_id(case, "error", index), "error")
    entry["error"] = {"type": rejected.type_name, "message": rejected.message}
    if rejected.tf_limit:
        entry["tf_limit"] = True
    return entry


def write(spec, folder, backend, seed, set_name):
    cases = [c for i, entry in enumerate(spec.get("cases", [])) for c in expand(entry, i)]
    if not cases:
        raise SpecError("the spec has no cases")
    os.makedirs(folder, exist_ok=True)
    entries = []
    for index, case in enumerate(cases):
        entries.append(make_case(backend, case, index, np.random.default_rng([seed, index]), folder))
    manifest = {
        "format": FORMAT, "set": set_name, "seed": seed,
        "generator": {"tensorflow": backend.name, "numpy": np.__version__, "python": platform.python_version(),
                      "onednn": backend.onednn, "machine": platform.machine()},
        "cases": entries,
    }
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as out:
        # One case per line, as parity/golden/manifest.json: easy to read and to diff.
        header = json.dumps({k: v for k, v in manifest.items() if k != "cases"})[:-1]
        out.write(header + ',\n "cases": [\n  ' + ",\n  ".join(json.dumps(e) for e in entries) + "\n ]\n}\n")
    kinds = {}
    for e in entries:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    print(f"{folder}: {len(entries)} cases ({', '.join(f'{n} {k}' for k, n in kinds.items())}); "
          f"check them: dotnet run -c Release --project parity -- {folder}")


def single_case_spec(args):
    def shape(text):
        return [int(x) for x in text.split(",")] if text else None

    entry = {"op": args.op, "value_shape": shape(args.value_shape), "filters_shape": shape(args.filters_shape),
             "padding": args.padding, "dtypes": args.dtype or ["float32"], "kinds": args.kind or ["forward"]}
    if args.output_shape:
        entry["output_shape"] = shape(args.output_shape)
    if args.op == "conv2d_transpose":
        entry["strides"], entry["dilations"] = shape(args.strides), shape(args.dilations)
    else:
        entry["rate"] = args.rate
    return {"cases": [entry]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Spec format: docs/parity-for-your-shapes.md; --example-spec prints one.")
    parser.add_argument("--spec", help="JSON spec of the cases (see --example-spec)")
    parser.add_argument("--out", help="the fixture folder to write (created; existing files of the same names are replaced)")
    parser.add_argument("--seed", type=int, help="seed of the drawn inputs (default: the spec's, else 1)")
    parser.add_argument("--set", dest="set_name", help="the set's name in the manifest (default: the spec's, else 'user')")
    parser.add_argument("--selftest-numpy", action="store_true",
                        help="no TensorFlow: a NumPy reference computes the results (tests the writer, not TensorFlow)")
    parser.add_argument("--example-spec", action="store_true", help="print an example spec and exit")
    one = parser.add_argument_group("one case without a spec file")
    one.add_argument("--op", choices=OPS)
    one.add_argument("--value-shape", help="e.g. 1,32,32,16")
    one.add_argument("--filters-shape", help="e.g. 3,3,8,16")
    one.add_argument("--output-shape", help="transposed ops; default: the natural one")
    one.add_argument("--rate", type=int, default=1)
    one.add_argument("--strides", default="1,1")
    one.add_argument("--dilations", default="1,1")
    one.add_argument("--padding", default="SAME")
    one.add_argument("--dtype", action="append", help="repeatable; default float32")
    one.add_argument("--kind", action="append", choices=KINDS, help="repeatable; default forward")
    args = parser.parse_args(argv)

    if args.example_spec:
        print(json.dumps(EXAMPLE_SPEC, indent=1))
        return 0
    if not args.out or bool(args.spec) == bool(args.op):
        parser.error("give --out and either --spec FILE or --op with its shapes")
    try:
        if args.spec:
            with open(args.spec, encoding="utf-8") as f:
                spec = json.load(f)
        else:
            spec = single_case_spec(args)
        try:
            backend = NumpyBackend() if args.selftest_numpy else TensorFlowBackend()
        except ImportError as e:
            raise SpecError(f"TensorFlow cannot be imported ({e}); install it, or test the writer alone with --selftest-numpy") from e
        seed = args.seed if args.seed is not None else spec.get("seed", 1)
        write(spec, args.out, backend, seed, args.set_name or spec.get("set", "user"))
    except SpecError as e:
        print(f"make_fixtures: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
