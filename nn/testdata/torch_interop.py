"""PyTorch's side of nn's TestTorchInterop (torch_test.go).

    torch_interop.py export DIR
        Trains a small torch.nn.Sequential of Linear and ReLU layers (square
        and non-square) for a few SGD steps and writes, in DIR:
          model.F32.safetensors, model.F16.safetensors, model.BF16.safetensors
            its state_dict, as torch holds it ("i.weight" [out, in],
            "i.bias" [out]), in each dtype;
          expected.safetensors
            "x", a fixed input, and for each dtype D: "D.probs", torch's
            softmax of the model's outputs for x, computed in float32 with
            the parameters rounded to D, and "D.i.weight", "D.i.bias", those
            parameters as float32.

    torch_interop.py import DIR
        Loads DIR/go.safetensors (written by Model.SaveTorch) into the same
        Sequential with load_state_dict(strict=True), reads "x" from
        DIR/go_x.safetensors and writes torch's probabilities as "probs" to
        DIR/torch_probs.safetensors.

safetensors files are read and written here with the standard library and
numpy, from the format's specification: an unsigned 64-bit little-endian
header length, a JSON header mapping each name to its dtype, shape and
data_offsets, then the tensors' bytes, little-endian, row-major.
"""
import json
import struct
import sys

import numpy as np
import torch

SIZES = [6, 6, 9, 9, 4]  # 6→6 and 9→9 are square, 6→9 and 9→4 are not


def sequential():
    layers = []
    for i in range(len(SIZES) - 1):
        if i > 0:
            layers.append(torch.nn.ReLU())
        layers.append(torch.nn.Linear(SIZES[i], SIZES[i + 1]))
    return torch.nn.Sequential(*layers)


DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64"}
NUMPY = {"F32": "<f4", "F16": "<f2", "F64": "<f8"}


def save(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        dtype = DTYPES[t.dtype]
        # numpy has no bfloat16: write its bits.
        b = (t.view(torch.int16) if dtype == "BF16" else t).numpy().astype(
            "<i2" if dtype == "BF16" else NUMPY[dtype]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def load(path):
    buf = open(path, "rb").read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + n])
    data = buf[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        a = np.frombuffer(data[begin:end], dtype=NUMPY[info["dtype"]]).reshape(info["shape"])
        out[name] = torch.from_numpy(a.copy())
    return out


def export(d):
    torch.manual_seed(0)
    model = sequential()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(64, SIZES[0])
    y = torch.randint(0, SIZES[-1], (64,))
    for _ in range(20):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    test = torch.randn(16, SIZES[0]) * 2
    expected = {"x": test}
    for dtype, name in [(torch.float32, "F32"), (torch.float16, "F16"), (torch.bfloat16, "BF16")]:
        state = {k: v.to(dtype) for k, v in model.state_dict().items()}
        save(f"{d}/model.{name}.safetensors", state)
        rounded = sequential()
        rounded.load_state_dict({k: v.float() for k, v in state.items()})
        with torch.no_grad():
            expected[f"{name}.probs"] = torch.softmax(rounded(test), dim=1)
        for k, v in state.items():
            expected[f"{name}.{k}"] = v.float()
    save(f"{d}/expected.safetensors", expected)


def import_(d):
    model = sequential()
    model.load_state_dict(load(f"{d}/go.safetensors"), strict=True)
    x = load(f"{d}/go_x.safetensors")["x"]
    with torch.no_grad():
        save(f"{d}/torch_probs.safetensors", {"probs": torch.softmax(model(x), dim=1)})


if __name__ == "__main__":
    torch.set_num_threads(1)
    {"export": export, "import": import_}[sys.argv[1]](sys.argv[2])
