//! HEIC / HEIF / AVIF decoding through the system libheif (`libheif-rs`, linked dynamically).
//!
//! Only the primary image is decoded: thumbnails, depth maps and auxiliary images (alpha is
//! the only one used, and only to flatten onto white) are never decoded or carried over.
//! libheif applies the container's transformative properties (`clap` crop, `irot` rotation,
//! `imir` mirroring) while decoding; an EXIF orientation tag inside a HEIF file is ignored, as
//! the HEIF specification requires (the transforms are the authority).

use std::path::Path;
use std::sync::OnceLock;

use image::{DynamicImage, RgbImage, RgbaImage};
use libheif_rs::{color_profile_types, ColorProfile, ColorSpace, HeifContext, LibHeif, RgbChroma};

use super::{DecodeOptions, SourceFormat};
use crate::{Error, Result};

/// What decoding a HEIF-family file produced.
pub(super) struct HeifPixels {
    pub rgb: RgbImage,
    pub format: SourceFormat,
    pub had_alpha: bool,
    pub icc_converted: bool,
}

/// libheif, initialised once per process (`heif_init`; never deinitialised).
fn libheif() -> &'static LibHeif {
    static LIB: OnceLock<LibHeif> = OnceLock::new();
    LIB.get_or_init(LibHeif::new)
}

/// Whether the file's brands say AVIF (AV1 coded) rather than HEIC/HEIF (HEVC and others).
pub(super) fn source_format(b: &[u8]) -> SourceFormat {
    let size = b
        .get(0..4)
        .map_or(0, |s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize)
        .min(b.len())
        .min(1024);
    let Some(major) = b.get(8..12) else {
        return SourceFormat::Heif;
    };
    let compatible: Vec<&[u8]> = b
        .get(16..size)
        .unwrap_or_default()
        .chunks_exact(4)
        .collect();
    let is = |brand: &[u8; 4]| major == brand || compatible.contains(&&brand[..]);
    if major == b"avif" || major == b"avis" || (is(b"avif") && !is(b"heic") && !is(b"heix")) {
        SourceFormat::Avif
    } else {
        SourceFormat::Heif
    }
}

/// Decode the primary image of a HEIF-family file to upright 8-bit sRGB.
pub(super) fn decode(bytes: &[u8], path: &Path, opts: &DecodeOptions) -> Result<HeifPixels> {
    let err = |what: &str, e: libheif_rs::HeifError| Error::Decode {
        path: path.to_path_buf(),
        message: format!("HEIF {what}: {}", e.message),
    };
    let ctx = HeifContext::read_from_bytes(bytes).map_err(|e| err("container", e))?;
    let handle = ctx
        .primary_image_handle()
        .map_err(|e| err("primary image", e))?;
    // The displayed size (after crop and rotation) and the coded size: the decoder allocates the
    // coded one, so both are checked before any pixel is decoded.
    let (w, h) = (handle.width(), handle.height());
    let coded = (
        u32::try_from(handle.ispe_width()).unwrap_or(0),
        u32::try_from(handle.ispe_height()).unwrap_or(0),
    );
    if w == 0 || h == 0 {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            message: "image has no pixels".into(),
        });
    }
    let limit_px = opts.max_megapixels.saturating_mul(1_000_000);
    for (cw, ch) in [(w, h), coded] {
        super::check_size(path, cw, ch, opts)?;
    }
    let had_alpha = handle.has_alpha_channel();
    let chroma = if had_alpha {
        RgbChroma::Rgba
    } else {
        RgbChroma::Rgb
    };
    // libheif's default decoding options: transforms applied (ignore_transformations = 0).
    // Never pass `Some(DecodingOptions)` here: libheif-rs 0.20 frees the options before
    // libheif reads them (`decoding_options.map(|o| o.inner)` drops `o`), so libheif would
    // read freed memory. Interleaved 8-bit RGB output makes libheif reduce 10/12-bit images to
    // 8 bits itself.
    let image = libheif()
        .decode(&handle, ColorSpace::Rgb(chroma), None)
        .map_err(|e| err("decode", e))?;
    let planes = image.planes();
    let Some(plane) = planes.interleaved else {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            message: "HEIF: libheif returned no interleaved RGB plane".into(),
        });
    };
    let channels: usize = if had_alpha { 4 } else { 3 };
    let (pw, ph) = (plane.width, plane.height);
    let row = pw as usize * channels;
    if pw == 0
        || ph == 0
        || u64::from(pw) * u64::from(ph) > limit_px
        || plane.bits_per_pixel != 8
        || usize::from(plane.storage_bits_per_pixel) != 8 * channels
        || plane.stride < row
        || plane.data.len() < (ph as usize - 1) * plane.stride + row
    {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            message: format!(
                "HEIF: unexpected decoded plane ({pw}x{ph}, {}/{} bits per pixel, stride {})",
                plane.bits_per_pixel, plane.storage_bits_per_pixel, plane.stride
            ),
        });
    }
    let mut packed = Vec::with_capacity(row * ph as usize);
    for y in 0..ph as usize {
        packed.extend_from_slice(&plane.data[y * plane.stride..y * plane.stride + row]);
    }
    let mut rgb = if had_alpha {
        let mut rgba = RgbaImage::from_raw(pw, ph, packed).expect("buffer sized above");
        if image.is_premultiplied_alpha() {
            unpremultiply(&mut rgba);
        }
        super::flatten_to_rgb8(DynamicImage::ImageRgba8(rgba))
    } else {
        RgbImage::from_raw(pw, ph, packed).expect("buffer sized above")
    };
    let icc_converted = to_srgb(&handle, &mut rgb);
    Ok(HeifPixels {
        rgb,
        format: source_format(bytes),
        had_alpha,
        icc_converted,
    })
}

/// Undo premultiplied alpha so the common flattening (which expects straight alpha) applies.
fn unpremultiply(rgba: &mut RgbaImage) {
    for p in rgba.pixels_mut() {
        let a = u32::from(p[3]);
        if a == 0 {
            continue;
        }
        for c in 0..3 {
            p[c] = ((u32::from(p[c]) * 255 + a / 2) / a).min(255) as u8;
        }
    }
}

/// Convert to sRGB from the image's colour description: an ICC profile (`prof`/`rICC`) through
/// moxcms like every other format, or NCLX (CICP) primaries and transfer that are not sRGB's
/// (Display P3, BT.2020). BT.709/sRGB and unspecified NCLX are already sRGB. HDR transfer
/// functions (PQ, HLG) have no curve moxcms builds from CICP; such pixels are left as libheif
/// converted them (no tone mapping). Returns whether a conversion was made.
fn to_srgb(handle: &libheif_rs::ImageHandle, rgb: &mut RgbImage) -> bool {
    if let Some(raw) = handle.color_profile_raw() {
        let t = raw.profile_type();
        if t == color_profile_types::PROF || t == color_profile_types::R_ICC {
            return super::to_srgb(rgb, &raw.data);
        }
    }
    let Some(nclx) = handle.color_profile_nclx() else {
        return false;
    };
    let primaries = nclx.color_primaries() as u32;
    let transfer = match nclx.transfer_characteristics() as u32 {
        // Unspecified: assume the sRGB curve, as untagged files do.
        2 => 13,
        t => t,
    };
    // CICP primaries 1 = BT.709 / sRGB and 2 = unspecified are sRGB already; transfer 16 (PQ)
    // and 18 (HLG) are HDR curves that would need tone mapping, not a profile conversion.
    if primaries == 1 || primaries == 2 || transfer == 16 || transfer == 18 {
        return false;
    }
    let (Ok(Ok(p)), Ok(Ok(t))) = (
        u8::try_from(primaries).map(moxcms::CicpColorPrimaries::try_from),
        u8::try_from(transfer).map(moxcms::TransferCharacteristics::try_from),
    ) else {
        return false;
    };
    let src = moxcms::ColorProfile::new_from_cicp(moxcms::CicpProfile {
        color_primaries: p,
        transfer_characteristics: t,
        // The pixels are RGB already: libheif applied the matrix.
        matrix_coefficients: moxcms::MatrixCoefficients::Identity,
        full_range: true,
    });
    if src.cicp.is_none() || src.red_trc.is_none() {
        return false;
    }
    super::transform_to_srgb(&src, rgb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image_io::{decode_bytes, decode_file, OutputFormat};
    use image::Rgb;
    use libheif_rs::{Channel, CompressionFormat, EncoderQuality, Image};

    fn corpus() -> Option<std::path::PathBuf> {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        p.is_dir().then_some(p)
    }

    /// Mean absolute difference per channel, or infinity when the sizes differ.
    fn diff(a: &RgbImage, b: &RgbImage) -> f64 {
        if a.dimensions() != b.dimensions() {
            return f64::INFINITY;
        }
        let sum: u64 = a
            .as_raw()
            .iter()
            .zip(b.as_raw())
            .map(|(x, y)| u64::from(x.abs_diff(*y)))
            .sum();
        sum as f64 / a.as_raw().len() as f64
    }

    fn oriented(img: &RgbImage, exif: u16) -> RgbImage {
        let mut d = DynamicImage::ImageRgb8(img.clone());
        d.apply_orientation(image::metadata::Orientation::from_exif(exif as u8).unwrap());
        d.into_rgb8()
    }

    /// A 96x64 picture whose eight orientations all differ: four coloured quadrants and a white
    /// block near the top-left corner.
    fn picture() -> RgbImage {
        RgbImage::from_fn(96, 64, |x, y| match (x < 48, y < 32) {
            _ if x < 16 && y < 12 => Rgb([250, 250, 250]),
            (true, true) => Rgb([200, 30, 30]),
            (false, true) => Rgb([30, 160, 40]),
            (true, false) => Rgb([30, 50, 200]),
            (false, false) => Rgb([20, 20, 20]),
        })
    }

    /// The stored pixels that display as `up` under EXIF orientation `o`.
    fn stored_for(o: u16, up: &RgbImage) -> RgbImage {
        oriented(
            up,
            match o {
                6 => 8,
                8 => 6,
                x => x,
            },
        )
    }

    /// Encode `img` with libheif (HEVC through x265, or AV1 through aom) into a HEIF file
    /// whose `irot`/`imir` properties say EXIF orientation `orientation`, optionally with an
    /// EXIF item (stored as given, not rewritten by libheif).
    fn encode_heif(
        img: &RgbImage,
        format: CompressionFormat,
        orientation: u16,
        exif: Option<&[u8]>,
    ) -> Vec<u8> {
        let (w, h) = img.dimensions();
        let mut image = Image::new(w, h, ColorSpace::Rgb(RgbChroma::Rgb)).unwrap();
        image.create_plane(Channel::Interleaved, w, h, 8).unwrap();
        {
            let plane = image.planes_mut().interleaved.unwrap();
            for y in 0..h as usize {
                let row = &img.as_raw()[y * w as usize * 3..(y + 1) * w as usize * 3];
                plane.data[y * plane.stride..y * plane.stride + row.len()].copy_from_slice(row);
            }
        }
        let bytes = encode_image(&image, format, exif);
        // libheif 1.15 writes no irot/imir itself (and libheif-rs 0.20 would free the encoding
        // options before use): add them to the file. (irot angle, imir axis) per orientation,
        // as Pillow's test_rot_mir_exif table has them.
        let ops: &[(&[u8; 4], u8)] = match orientation {
            1 => &[],
            2 => &[(b"imir", 1)],
            3 => &[(b"irot", 2)],
            4 => &[(b"imir", 0)],
            5 => &[(b"irot", 1), (b"imir", 0)],
            6 => &[(b"irot", 3)],
            7 => &[(b"irot", 3), (b"imir", 0)],
            8 => &[(b"irot", 1)],
            _ => unreachable!(),
        };
        with_transforms(&bytes, ops)
    }

    fn encode_image(image: &Image, format: CompressionFormat, exif: Option<&[u8]>) -> Vec<u8> {
        let mut ctx = HeifContext::new().unwrap();
        let mut encoder = libheif().encoder_for_format(format).unwrap();
        encoder.set_quality(EncoderQuality::Lossy(90)).unwrap();
        let handle = ctx.encode_image(image, &mut encoder, None).unwrap();
        if let Some(exif) = exif {
            ctx.add_generic_metadata(&handle, exif, b"Exif", None)
                .unwrap();
        }
        ctx.write_to_bytes().unwrap()
    }

    /// The boxes between `start` and `end`: (start, end, type). 32-bit sizes only (what
    /// libheif writes for these small files).
    fn child_boxes(b: &[u8], start: usize, end: usize) -> Vec<(usize, usize, [u8; 4])> {
        let mut out = Vec::new();
        let mut pos = start;
        while pos + 8 <= end {
            let size = u32::from_be_bytes(b[pos..pos + 4].try_into().unwrap()) as usize;
            assert!(size >= 8 && pos + size <= end, "box size {size} at {pos}");
            out.push((pos, pos + size, b[pos + 4..pos + 8].try_into().unwrap()));
            pos += size;
        }
        out
    }

    fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut v = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(body);
        v
    }

    /// Add transformative properties (`irot` angle / `imir` axis, in this order) to the
    /// primary image of a libheif-written file: appended to `ipco`, associated (essential) in
    /// `ipma`, and every `iloc` offset moved by the bytes the `meta` box grew.
    fn with_transforms(file: &[u8], ops: &[(&[u8; 4], u8)]) -> Vec<u8> {
        if ops.is_empty() {
            return file.to_vec();
        }
        let top = child_boxes(file, 0, file.len());
        let &(ms, me, _) = top.iter().find(|t| &t.2 == b"meta").unwrap();
        let &(mdat, _, _) = top.iter().find(|t| &t.2 == b"mdat").unwrap();
        assert!(mdat > ms, "mdat before meta");
        let children = child_boxes(file, ms + 12, me);
        let &(ps, _, _) = children.iter().find(|c| &c.2 == b"pitm").unwrap();
        let primary = u16::from_be_bytes([file[ps + 12], file[ps + 13]]);
        let mut parts: Vec<(Vec<u8>, [u8; 4])> = Vec::new();
        for &(cs, ce, kind) in &children {
            if &kind != b"iprp" {
                parts.push((file[cs..ce].to_vec(), kind));
                continue;
            }
            let mut iprp = Vec::new();
            let mut first_new = 0usize;
            for &(s, e, k) in &child_boxes(file, cs + 8, ce) {
                if &k == b"ipco" {
                    let props = child_boxes(file, s + 8, e);
                    first_new = props.len() + 1;
                    let mut body = file[s + 8..e].to_vec();
                    for (kind, v) in ops {
                        body.extend(boxed(kind, &[*v]));
                    }
                    iprp.extend(boxed(b"ipco", &body));
                } else if &k == b"ipma" {
                    let d = &file[s + 8..e];
                    let (version, wide) = (d[0], d[3] & 1 == 1);
                    let mut body = d[..8].to_vec();
                    let count = u32::from_be_bytes(d[4..8].try_into().unwrap());
                    let mut pos = 8;
                    for _ in 0..count {
                        let id_len = if version < 1 { 2 } else { 4 };
                        let id = &d[pos..pos + id_len];
                        let is_primary = id[id_len - 2..] == primary.to_be_bytes();
                        let n = d[pos + id_len] as usize;
                        let assoc =
                            &d[pos + id_len + 1..pos + id_len + 1 + n * (1 + wide as usize)];
                        body.extend_from_slice(id);
                        let extra = if is_primary { ops.len() } else { 0 };
                        body.push((n + extra) as u8);
                        body.extend_from_slice(assoc);
                        for i in 0..extra {
                            let index = first_new + i;
                            if wide {
                                body.extend_from_slice(&(0x8000 | index as u16).to_be_bytes());
                            } else {
                                body.push(0x80 | index as u8);
                            }
                        }
                        pos += id_len + 1 + assoc.len();
                    }
                    iprp.extend(boxed(b"ipma", &body));
                } else {
                    iprp.extend_from_slice(&file[s..e]);
                }
            }
            parts.push((boxed(b"iprp", &iprp), kind));
        }
        let new_len: usize = 12 + parts.iter().map(|p| p.0.len()).sum::<usize>();
        let delta = (new_len - (me - ms)) as u64;
        let mut meta = file[ms + 8..ms + 12].to_vec();
        for (mut bytes, kind) in parts {
            if &kind == b"iloc" {
                shift_iloc(&mut bytes[8..], delta);
            }
            meta.extend(bytes);
        }
        let mut out = file[..ms].to_vec();
        out.extend(boxed(b"meta", &meta));
        out.extend_from_slice(&file[me..]);
        out
    }

    /// Add `delta` to every file offset in an `iloc` body (construction method 0).
    fn shift_iloc(d: &mut [u8], delta: u64) {
        let version = d[0];
        let (off_size, len_size) = ((d[4] >> 4) as usize, (d[4] & 15) as usize);
        let base_size = (d[5] >> 4) as usize;
        let index_size = if version >= 1 {
            (d[5] & 15) as usize
        } else {
            0
        };
        let mut pos = 6;
        let read = |d: &[u8], at: usize, n: usize| {
            d[at..at + n]
                .iter()
                .fold(0u64, |v, b| v << 8 | u64::from(*b))
        };
        let write = |d: &mut [u8], at: usize, n: usize, v: u64| {
            for i in 0..n {
                d[at + i] = (v >> (8 * (n - 1 - i))) as u8;
            }
        };
        let count = if version < 2 {
            pos += 2;
            read(d, 6, 2)
        } else {
            pos += 4;
            read(d, 6, 4)
        };
        for _ in 0..count {
            pos += if version < 2 { 2 } else { 4 };
            let method = if version >= 1 {
                pos += 2;
                read(d, pos - 2, 2) & 15
            } else {
                0
            };
            pos += 2; // data reference index
            let shift_base = method == 0 && base_size > 0;
            if shift_base {
                let v = read(d, pos, base_size);
                write(d, pos, base_size, v + delta);
            }
            pos += base_size;
            let extents = read(d, pos, 2);
            pos += 2;
            for _ in 0..extents {
                pos += index_size;
                if method == 0 && !shift_base {
                    let v = read(d, pos, off_size);
                    write(d, pos, off_size, v + delta);
                }
                pos += off_size + len_size;
            }
        }
    }

    /// A HEIF `Exif` item: offset 0 to the TIFF header, then IFD0 with only Orientation.
    fn exif_item(orientation: u16) -> Vec<u8> {
        let mut t = vec![0, 0, 0, 0];
        t.extend_from_slice(b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01");
        t.extend_from_slice(&orientation.to_be_bytes());
        t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        t
    }

    #[test]
    fn all_eight_heif_orientations_decode_upright_and_exif_orientation_is_ignored() {
        let up = picture();
        for o in 1..=8u16 {
            // The EXIF item claims orientation 6 (or 3 when the transforms already say 6); the
            // decoder must go by the transforms alone.
            let claim = if o == 6 { 3 } else { 6 };
            let bytes = encode_heif(
                &stored_for(o, &up),
                CompressionFormat::Hevc,
                o,
                Some(&exif_item(claim)),
            );
            assert_eq!(crate::image_io::exif_orientation(&bytes), claim);
            let d = decode_bytes(&bytes, Path::new("o.heic"), &DecodeOptions::default()).unwrap();
            assert_eq!(d.format, SourceFormat::Heif);
            assert_eq!(d.orientation, o, "orientation {o}");
            assert_eq!(d.pixels.dimensions(), (96, 64), "orientation {o}");
            let err = diff(&d.pixels, &up);
            assert!(err < 6.0, "orientation {o}: {err:.1} from upright");
            for wrong in (1..=8u16).filter(|w| *w != 1) {
                let other = oriented(&up, wrong);
                assert!(
                    diff(&d.pixels, &other) > 3.0 * err.max(1.0),
                    "orientation {o}: as close to the picture turned by {wrong}"
                );
            }
            assert!(d.metadata.report.exif);
        }
    }

    #[test]
    fn avif_decodes_and_exports_as_jpeg() {
        let up = picture();
        let bytes = encode_heif(&stored_for(6, &up), CompressionFormat::Av1, 6, None);
        let d = decode_bytes(&bytes, Path::new("x.avif"), &DecodeOptions::default()).unwrap();
        assert_eq!(d.format, SourceFormat::Avif);
        assert_eq!(d.orientation, 6);
        assert!(diff(&d.pixels, &up) < 6.0);
        assert_eq!(
            OutputFormat::for_source(d.format),
            OutputFormat::Jpeg { quality: 92 }
        );
    }

    #[test]
    fn ten_bit_images_become_8_bit() {
        let up = picture();
        let (w, h) = up.dimensions();
        let mut image = Image::new(w, h, ColorSpace::Rgb(RgbChroma::HdrRgbLe)).unwrap();
        image.create_plane(Channel::Interleaved, w, h, 10).unwrap();
        {
            let plane = image.planes_mut().interleaved.unwrap();
            for (y, row) in up.rows().enumerate() {
                for (x, p) in row.enumerate() {
                    for c in 0..3 {
                        let v = u16::from(p[c]) * 4 + u16::from(p[c] >> 6);
                        let at = y * plane.stride + (x * 3 + c) * 2;
                        plane.data[at..at + 2].copy_from_slice(&v.to_le_bytes());
                    }
                }
            }
        }
        let bytes = encode_image(&image, CompressionFormat::Hevc, None);
        let ctx = HeifContext::read_from_bytes(&bytes).unwrap();
        assert_eq!(
            ctx.primary_image_handle().unwrap().luma_bits_per_pixel(),
            10
        );
        let d = decode_bytes(&bytes, Path::new("hdr.avif"), &DecodeOptions::default()).unwrap();
        let err = diff(&d.pixels, &up);
        assert!(
            err < 6.0,
            "10-bit image decoded {err:.1} from the 8-bit original"
        );
    }

    #[test]
    fn alpha_is_flattened_onto_white() {
        let (w, h) = (64u32, 48u32);
        let mut image = Image::new(w, h, ColorSpace::Rgb(RgbChroma::Rgba)).unwrap();
        image.create_plane(Channel::Interleaved, w, h, 8).unwrap();
        {
            let plane = image.planes_mut().interleaved.unwrap();
            for y in 0..h as usize {
                for x in 0..w as usize {
                    // Left half opaque dark red, right half fully transparent dark red.
                    let a = if x < 32 { 255 } else { 0 };
                    let at = y * plane.stride + x * 4;
                    plane.data[at..at + 4].copy_from_slice(&[120, 10, 10, a]);
                }
            }
        }
        let bytes = encode_image(&image, CompressionFormat::Hevc, None);
        let d = decode_bytes(&bytes, Path::new("a.heic"), &DecodeOptions::default()).unwrap();
        assert!(d.had_alpha);
        let left = d.pixels.get_pixel(8, 24);
        let right = d.pixels.get_pixel(56, 24);
        assert!(left[0] > 90 && left[1] < 50, "opaque part: {left:?}");
        assert!(
            right.0.iter().all(|&c| c > 235),
            "transparent part: {right:?}"
        );
    }

    #[test]
    fn size_limit_is_checked_before_decoding() {
        let bytes = encode_heif(&picture(), CompressionFormat::Hevc, 1, None);
        let tiny = DecodeOptions { max_megapixels: 0 };
        let err = decode_bytes(&bytes, Path::new("big.heic"), &tiny).unwrap_err();
        assert!(matches!(err, Error::TooLarge { width: 96, .. }), "{err}");
        // A declared size (ispe) of 60000x60000: refused, never decoded.
        let mut huge = bytes.clone();
        let at = huge.windows(4).position(|w| w == b"ispe").unwrap();
        huge[at + 8..at + 12].copy_from_slice(&60000u32.to_be_bytes());
        huge[at + 12..at + 16].copy_from_slice(&60000u32.to_be_bytes());
        let err =
            decode_bytes(&huge, Path::new("bomb.heic"), &DecodeOptions::default()).unwrap_err();
        assert!(
            matches!(err, Error::TooLarge { .. } | Error::Decode { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("bomb.heic"), "{err}");
    }

    #[test]
    fn truncated_and_corrupt_files_are_errors_naming_the_file() {
        let bytes = encode_heif(&picture(), CompressionFormat::Hevc, 6, None);
        for cut in [20, 40, bytes.len() / 3, bytes.len() / 2, bytes.len() - 10] {
            let err = decode_bytes(
                &bytes[..cut],
                Path::new("cut.heic"),
                &DecodeOptions::default(),
            )
            .unwrap_err();
            assert!(err.to_string().contains("cut.heic"), "{cut}: {err}");
        }
        // Garbage over the coded data (everything after the meta box).
        let mut bad = bytes.clone();
        let mdat = bad.windows(4).position(|w| w == b"mdat").unwrap();
        for b in &mut bad[mdat + 4..] {
            *b = 0xA5;
        }
        if let Err(err) = decode_bytes(&bad, Path::new("bad.heic"), &DecodeOptions::default()) {
            assert!(err.to_string().contains("bad.heic"), "{err}");
        }
    }

    /// The corpus files (`../shared/corpus`, skipped when absent): the size Pillow (with
    /// pillow-heif) reports in the manifest, the orientation the transforms amount to, and the
    /// format.
    const CORPUS: &[(&str, (u32, u32), u16, SourceFormat)] = &[
        (
            "metadata/heic/IMG_5195.HEIC",
            (2566, 3313),
            1,
            SourceFormat::Heif,
        ),
        (
            "metadata/heic/samplefilehub.heif",
            (640, 426),
            1,
            SourceFormat::Heif,
        ),
        (
            "metadata/avif_heif/exif.avif",
            (512, 512),
            1,
            SourceFormat::Avif,
        ),
        (
            "metadata/avif_heif/hopper.avif",
            (128, 128),
            1,
            SourceFormat::Avif,
        ),
        (
            "metadata/avif_heif/hopper.heif",
            (128, 128),
            1,
            SourceFormat::Heif,
        ),
        (
            "metadata/avif_heif/icc_profile.avif",
            (57, 57),
            1,
            SourceFormat::Avif,
        ),
        // The manifest's 427x640 is the coded size (Pillow reports irot/imir as an EXIF
        // orientation instead of applying them); shown, it is 640x427.
        (
            "metadata/avif_heif/rot1mir0.avif",
            (640, 427),
            5,
            SourceFormat::Avif,
        ),
        (
            "metadata/avif_heif/xmp_tags_orientation.avif",
            (326, 268),
            1,
            SourceFormat::Avif,
        ),
        (
            "metadata/minimal_exif/exif.heic",
            (64, 64),
            1,
            SourceFormat::Heif,
        ),
    ];

    #[test]
    fn corpus_heif_files_decode_at_their_displayed_size() {
        let Some(corpus) = corpus() else {
            eprintln!("skipped: ../shared/corpus not present");
            return;
        };
        for &(name, dims, orientation, format) in CORPUS {
            let d = decode_file(&corpus.join(name), &DecodeOptions::default())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(d.pixels.dimensions(), dims, "{name}");
            assert_eq!(d.orientation, orientation, "{name}");
            assert_eq!(d.format, format, "{name}");
            assert!(!d.had_alpha, "{name}");
            // What goes out is a fresh JPEG that carries nothing.
            let jpeg = crate::image_io::encode(
                &d.pixels,
                OutputFormat::for_source(d.format),
                Path::new(name),
            )
            .unwrap();
            assert!(crate::metadata::inspect(&jpeg).is_clean(), "{name}");
        }
    }

    #[test]
    fn corpus_icc_profiles_are_converted() {
        let Some(corpus) = corpus() else {
            eprintln!("skipped: ../shared/corpus not present");
            return;
        };
        for name in [
            "metadata/avif_heif/icc_profile.avif",
            "metadata/heic/IMG_5195.HEIC",
        ] {
            let d = decode_file(&corpus.join(name), &DecodeOptions::default()).unwrap();
            assert!(d.metadata.report.icc, "{name}");
            assert!(d.icc_converted, "{name}");
        }
    }

    #[test]
    fn corpus_rot1mir0_is_the_coded_image_transposed() {
        let Some(corpus) = corpus() else {
            eprintln!("skipped: ../shared/corpus not present");
            return;
        };
        let path = corpus.join("metadata/avif_heif/rot1mir0.avif");
        let bytes = std::fs::read(&path).unwrap();
        let shown = decode(&bytes, &path, &DecodeOptions::default()).unwrap();
        assert_eq!(crate::metadata::heif_orientation(&bytes), 5);
        // The coded image: the same file with its irot and imir properties renamed into
        // unknown (ignored) ones of the same size.
        let mut plain = bytes.clone();
        for (from, to) in [(b"irot", b"xrot"), (b"imir", b"xmir")] {
            let at = plain.windows(4).position(|w| w == from).unwrap();
            plain[at..at + 4].copy_from_slice(to);
        }
        let coded = decode(&plain, &path, &DecodeOptions::default()).unwrap();
        assert_eq!(coded.rgb.dimensions(), (427, 640));
        // irot 1 then imir 0 is EXIF orientation 5 (a transpose), as Pillow's tests have it.
        let err = diff(&shown.rgb, &oriented(&coded.rgb, 5));
        assert!(err < 1.0, "{err}");
        for wrong in [6, 7, 8] {
            let other = diff(&shown.rgb, &oriented(&coded.rgb, wrong));
            assert!(other > 10.0, "{wrong}: {other}");
        }
    }

    #[test]
    fn corpus_heif_hopper_matches_the_webp_hopper_upright() {
        let Some(corpus) = corpus() else {
            eprintln!("skipped: ../shared/corpus not present");
            return;
        };
        let reference = decode_file(
            &corpus.join("metadata/webp/hopper.webp"),
            &DecodeOptions::default(),
        )
        .unwrap()
        .pixels;
        for name in [
            "metadata/avif_heif/hopper.avif",
            "metadata/avif_heif/hopper.heif",
        ] {
            let d = decode_file(&corpus.join(name), &DecodeOptions::default()).unwrap();
            let err = diff(&d.pixels, &reference);
            assert!(err < 8.0, "{name}: {err:.1} from the WebP");
            for wrong in 2..=8u16 {
                assert!(
                    diff(&d.pixels, &oriented(&reference, wrong)) > 4.0 * err,
                    "{name}: as close to the WebP turned by {wrong}"
                );
            }
        }
    }

    #[test]
    fn corpus_xmp_orientation_in_avif_is_not_applied() {
        // The file's XMP says tiff:Orientation 3; it has no irot, so it shows as coded: like
        // the PNG of the same picture, not like it turned 180 degrees.
        let Some(corpus) = corpus() else {
            eprintln!("skipped: ../shared/corpus not present");
            return;
        };
        let d = decode_file(
            &corpus.join("metadata/avif_heif/xmp_tags_orientation.avif"),
            &DecodeOptions::default(),
        )
        .unwrap();
        assert_eq!(d.orientation, 1);
        let png = decode_file(
            &corpus.join("metadata/png_chunks/xmp_tags_orientation.png"),
            &DecodeOptions::default(),
        )
        .unwrap()
        .pixels;
        let err = diff(&d.pixels, &png);
        let turned = diff(&d.pixels, &oriented(&png, 3));
        assert!(
            err < 25.0 && err * 2.0 < turned,
            "{err:.1} vs {turned:.1} turned"
        );
    }
}
