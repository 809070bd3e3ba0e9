"""Interop helper for test/interop/jpeg-lossless.test.ts (pydicom 2.x, Debian python3-pydicom).

wrap OUT.dcm ROWS COLS SPP BA BS PR PHOTOMETRIC TSUID FRAG...
    writes a (multi-frame) Secondary Capture file whose encapsulated Pixel Data holds one fragment per
    frame, FRAG... in order
dump IN.dcm OUT.raw [IN.dcm OUT.raw ...]
    writes the (native, little endian) Pixel Data bytes of each IN.dcm
"""
import sys

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
import pydicom


def wrap(out, rows, cols, spp, ba, bs, pr, photometric, ts, *frags):
    meta = FileMetaDataset()
    # Single-frame SC, or the multi-frame SC classes (GDCM refuses multi-frame plain SC).
    sop = "1.2.840.10008.5.1.4.1.1.7"
    if len(frags) > 1:
        sop += ".4" if int(spp) == 3 else (".2" if int(ba) == 8 else ".3")
    meta.MediaStorageSOPClassUID = sop
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ts
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    if len(frags) > 1:
        ds.NumberOfFrames = len(frags)
        ds.FrameIncrementPointer = 0x00181063
        ds.FrameTime = 1
    ds.Rows = int(rows)
    ds.Columns = int(cols)
    ds.SamplesPerPixel = int(spp)
    ds.PhotometricInterpretation = photometric
    if int(spp) > 1:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = int(ba)
    ds.BitsStored = int(bs)
    ds.HighBit = int(bs) - 1
    ds.PixelRepresentation = int(pr)
    data = []
    for frag in frags:
        with open(frag, "rb") as f:
            data.append(f.read())
    ds.PixelData = encapsulate(data)
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    ds.save_as(out, write_like_original=False)


def dump(*pairs):
    for i in range(0, len(pairs), 2):
        dump1(pairs[i], pairs[i + 1])


def dump1(path, out):
    ds = pydicom.dcmread(path)
    if ds.file_meta.TransferSyntaxUID != ExplicitVRLittleEndian and ds.file_meta.TransferSyntaxUID != "1.2.840.10008.1.2":
        raise SystemExit("not little endian native: " + ds.file_meta.TransferSyntaxUID)
    with open(out, "wb") as f:
        f.write(ds.PixelData)


if __name__ == "__main__":
    if sys.argv[1] == "wrap":
        wrap(*sys.argv[2:])
    else:
        dump(*sys.argv[2:])
