# python3 encoder_throughput.py out.json   (needs a CUDA GPU and torch/torchvision)
# GPU throughput of CohortGrid's encoder architectures with PyTorch/cuDNN (the lent machine's onnxruntime has no
# CUDA provider): ResNet-50 to layer3 (the generated resnet50-layer3-encoder, CLAM's extractor) and MobileNetV2
# features (the real encoder in ../shared/data/models). Weights do not change the arithmetic, so random ones serve.
import json, sys, time, torch, torchvision
torch.backends.cudnn.benchmark = True
dev = "cuda"
def resnet_layer3():
    m = torchvision.models.resnet50()
    return torch.nn.Sequential(m.conv1, m.bn1, m.relu, m.maxpool, m.layer1, m.layer2, m.layer3, torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())
def mobilenet():
    m = torchvision.models.mobilenet_v2()
    return torch.nn.Sequential(m.features, torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())
results = []
for name, build in [("resnet50-layer3", resnet_layer3), ("mobilenetv2-features", mobilenet)]:
    model = build().eval().to(dev).to(memory_format=torch.channels_last)
    for dtype in [torch.float32, torch.float16]:
        for batch in [32, 128, 256]:
            x = torch.rand(batch, 3, 224, 224, device=dev).to(memory_format=torch.channels_last)
            with torch.inference_mode(), torch.autocast("cuda", dtype=torch.float16, enabled=dtype == torch.float16):
                for _ in range(5): model(x)
                torch.cuda.synchronize(); n = 0; t0 = time.perf_counter()
                while time.perf_counter() - t0 < 4:
                    model(x); n += batch
                torch.cuda.synchronize()
            rate = n / (time.perf_counter() - t0)
            results.append({"model": name, "dtype": str(dtype), "batch": batch, "tiles_per_s": round(rate)})
            print(results[-1], flush=True)
json.dump(results, open(sys.argv[1], "w"), indent=1)
