# Raw ONNX Runtime throughput of CohortGrid's encoders (capacity planning, docs/operations.md).
# python3 ort_throughput.py out.json <folder with tiny-cnn-encoder.onnx, mobilenetv2-features.onnx, resnet50-layer3-encoder.onnx>
import json, sys, time
import numpy as np
import onnxruntime as ort
print("onnxruntime", ort.__version__, ort.get_available_providers(), flush=True)
results = []
for model in ["tiny-cnn-encoder.onnx", "mobilenetv2-features.onnx", "resnet50-layer3-encoder.onnx"]:
    for provider in ["CUDAExecutionProvider", "CPUExecutionProvider"]:
        if provider not in ort.get_available_providers():
            continue
        so = ort.SessionOptions()
        s = ort.InferenceSession(sys.argv[2] + "/" + model, so, providers=[provider])
        inp = s.get_inputs()[0]
        shape = [d if isinstance(d, int) else 1 for d in inp.shape]
        for batch in ([32, 64, 128] if provider.startswith("CUDA") else [32]):
            shape[0] = batch
            x = np.random.rand(*shape).astype(np.float32)
            for _ in range(3):
                s.run(None, {inp.name: x})
            n, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < (5 if provider.startswith("CUDA") else 3):
                s.run(None, {inp.name: x}); n += batch
            rate = n / (time.perf_counter() - t0)
            results.append({"model": model, "provider": provider, "batch": batch, "input": shape, "tiles_per_s": round(rate, 1)})
            print(results[-1], flush=True)
json.dump(results, open(sys.argv[1], "w"), indent=1)
