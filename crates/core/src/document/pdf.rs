//! PDF files (vetting only, with `lopdf`): the document information dictionary (author,
//! creator…), and every embedded raster image (`/XObject` streams with `/Subtype /Image`) with
//! the pages that use it, decoded where ClearFrame can (`/DCTDecode`: the stream is a JPEG file
//! as it is; `/FlateDecode` or unfiltered: raw 8-bit `DeviceRGB`/`DeviceGray` samples) and
//! scanned like any photo. Nothing is written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use image::RgbImage;
use lopdf::{Document, Object, ObjectId};
use serde::Serialize;

use super::{DocumentProperty, PictureText, VetOptions};
use crate::detect::category::classify;
use crate::detect::models::sha256_hex;
use crate::detect::Detector;
use crate::metadata::{self, MetadataReport};
use crate::{image_io, Error, Result};

/// Everything found in one PDF. Field names are the `vet --json` contract for PDFs.
#[derive(Debug, Clone, Serialize)]
pub struct PdfReport {
    /// The file.
    pub path: PathBuf,
    /// sha256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// Number of pages.
    pub pages: usize,
    /// Non-empty entries of the document information dictionary (`Author`, `Creator`,
    /// `Producer`, `Title`, `Subject`, `Keywords`).
    pub properties: Vec<DocumentProperty>,
    /// Embedded raster images, by object number.
    pub images: Vec<PdfImage>,
    /// Whether images were scanned for faces and text.
    pub images_scanned: bool,
    /// Things that could not be read.
    pub warnings: Vec<String>,
}

impl PdfReport {
    /// One short line per concern (empty when nothing was found).
    pub fn concerns(&self) -> Vec<String> {
        let mut out = Vec::new();
        for p in &self.properties {
            if p.identifies_person() {
                out.push(format!(
                    "document property {} names \"{}\"",
                    p.name, p.value
                ));
            }
        }
        for img in &self.images {
            for (kind, n) in &img.findings {
                out.push(format!("image {}: {n} {kind} finding(s)", img.object));
            }
            for t in img.text.iter().filter(|t| t.category.is_identifier()) {
                out.push(format!(
                    "image {}: reads {} \"{}\"",
                    img.object,
                    t.category.label(),
                    t.text
                ));
            }
            let problems = img.metadata.problems();
            if !problems.is_empty() {
                out.push(format!(
                    "image {}: metadata: {}",
                    img.object,
                    problems.join(", ")
                ));
            }
        }
        out
    }
}

/// One embedded image.
#[derive(Debug, Clone, Serialize)]
pub struct PdfImage {
    /// The object, `12 0`.
    pub object: String,
    /// Pages (1-based) whose resources use it, ascending.
    pub pages: Vec<usize>,
    /// `/Width`.
    pub width: u32,
    /// `/Height`.
    pub height: u32,
    /// `/Filter` names, in decoding order (e.g. `DCTDecode`).
    pub filters: Vec<String>,
    /// `/ColorSpace` when it is a name (or the family of an array, e.g. `ICCBased`).
    pub color_space: Option<String>,
    /// `/BitsPerComponent`.
    pub bits_per_component: Option<u8>,
    /// Size of the stream as stored.
    pub size_bytes: u64,
    /// sha256 of the stream as stored.
    pub sha256: String,
    /// Metadata blocks inside the image (a JPEG's EXIF/XMP…); empty for raw samples.
    pub metadata: MetadataReport,
    /// One line per metadata block.
    pub metadata_items: Vec<String>,
    /// Findings by kind, when scanned.
    pub findings: BTreeMap<String, usize>,
    /// Text read in the image with its category, when scanned.
    pub text: Vec<PictureText>,
    /// Why the image was not scanned (a filter or colour space ClearFrame does not decode…).
    pub scan_error: Option<String>,
}

/// Vet the PDF at `path`. Images are scanned when a `detector` is given. Fails when the file
/// cannot be read or parsed, or is encrypted.
pub fn vet_pdf(path: &Path, detector: Option<&Detector>, opts: &VetOptions) -> Result<PdfReport> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    vet_pdf_bytes(&bytes, path, detector, opts)
}

/// True when `bytes` start like a PDF (`%PDF-`, possibly after a little junk, as readers allow).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.windows(5).take(1024).any(|w| w == b"%PDF-")
}

fn name_of(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

/// [`vet_pdf`] on bytes already read.
pub fn vet_pdf_bytes(
    bytes: &[u8],
    path: &Path,
    detector: Option<&Detector>,
    opts: &VetOptions,
) -> Result<PdfReport> {
    let err = |message: String| Error::Archive {
        path: path.to_path_buf(),
        message,
    };
    let doc = Document::load_mem(bytes).map_err(|e| err(format!("not a readable PDF: {e}")))?;
    if doc.is_encrypted() {
        return Err(err("the PDF is encrypted".into()));
    }
    let mut warnings = Vec::new();

    // Document information dictionary.
    let mut properties = Vec::new();
    if let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_dict())
    {
        for key in [
            "Title", "Author", "Subject", "Keywords", "Creator", "Producer",
        ] {
            let Ok((_, v)) = info.get(key.as_bytes()).and_then(|o| doc.dereference(o)) else {
                continue;
            };
            match lopdf::decode_text_string(v) {
                Ok(s) if !s.trim().is_empty() => properties.push(DocumentProperty {
                    name: key.to_string(),
                    value: s.trim().to_string(),
                }),
                Ok(_) => {}
                Err(e) => warnings.push(format!("Info /{key}: {e}")),
            }
        }
    }

    // Which pages use which image objects (through their own or inherited resources).
    let pages = doc.get_pages();
    let mut used_on: BTreeMap<ObjectId, BTreeSet<usize>> = BTreeMap::new();
    for (number, page_id) in &pages {
        let (own, inherited) = match doc.get_page_resources(*page_id) {
            Ok(r) => r,
            Err(e) => {
                warnings.push(format!("page {number}: {e}"));
                continue;
            }
        };
        let mut dicts: Vec<&lopdf::Dictionary> = own.into_iter().collect();
        dicts.extend(
            inherited
                .iter()
                .filter_map(|id| doc.get_dictionary(*id).ok()),
        );
        for res in dicts {
            let Ok((_, xobjects)) = res.get(b"XObject").and_then(|o| doc.dereference(o)) else {
                continue;
            };
            let Ok(xobjects) = xobjects.as_dict() else {
                continue;
            };
            for (_, v) in xobjects.iter() {
                if let Ok(id) = v.as_reference() {
                    used_on.entry(id).or_default().insert(*number as usize);
                }
            }
        }
    }

    let mut images = Vec::new();
    for (id, object) in &doc.objects {
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        if stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(name_of)
            .as_deref()
            != Some("Image")
        {
            continue;
        }
        images.push(scan_image(
            &doc,
            *id,
            stream,
            used_on
                .get(id)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default(),
            detector,
            opts,
        )?);
    }

    Ok(PdfReport {
        path: path.to_path_buf(),
        sha256: sha256_hex(bytes),
        size_bytes: bytes.len() as u64,
        pages: pages.len(),
        properties,
        images,
        images_scanned: detector.is_some(),
        warnings,
    })
}

fn scan_image(
    doc: &Document,
    id: ObjectId,
    stream: &lopdf::Stream,
    pages: Vec<usize>,
    detector: Option<&Detector>,
    opts: &VetOptions,
) -> Result<PdfImage> {
    let dict = &stream.dict;
    let int = |key: &[u8]| {
        dict.get(key)
            .and_then(|o| doc.dereference(o))
            .and_then(|(_, o)| o.as_i64())
            .ok()
    };
    let filters: Vec<String> = stream
        .filters()
        .map(|f| {
            f.iter()
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let color_space = dict
        .get(b"ColorSpace")
        .and_then(|o| doc.dereference(o))
        .ok()
        .and_then(|(_, o)| name_of(o).or_else(|| o.as_array().ok()?.first().and_then(name_of)));
    let name = format!("{} {}", id.0, id.1);
    let mut img = PdfImage {
        object: name.clone(),
        pages,
        width: int(b"Width")
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0),
        height: int(b"Height")
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0),
        filters: filters.clone(),
        color_space: color_space.clone(),
        bits_per_component: int(b"BitsPerComponent").and_then(|v| u8::try_from(v).ok()),
        size_bytes: stream.content.len() as u64,
        sha256: sha256_hex(&stream.content),
        metadata: MetadataReport::default(),
        metadata_items: Vec::new(),
        findings: BTreeMap::new(),
        text: Vec::new(),
        scan_error: None,
    };
    let pixels = match decode(stream, &img, &filters, &opts.decode) {
        Ok(p) => p,
        Err(e) => {
            img.scan_error = Some(e);
            return Ok(img);
        }
    };
    if filters.last().map(String::as_str) == Some("DCTDecode") {
        let details = metadata::inspect_detailed(&stream.content);
        img.metadata = details.report;
        img.metadata_items = details.items.iter().map(|i| i.summary.clone()).collect();
    }
    if let Some(detector) = detector {
        for f in detector.detect(&pixels)? {
            *img.findings.entry(f.kind.as_str().to_string()).or_default() += 1;
            if let Some(text) = f.text {
                img.text.push(PictureText {
                    category: f.category.unwrap_or_else(|| classify(&text)),
                    text,
                });
            }
        }
    }
    Ok(img)
}

/// The image's upright sRGB-ish pixels: a JPEG stream through the image pipeline's decoder
/// (pixel limit, orientation, ICC); raw 8-bit RGB or gray samples (after Flate) as they are.
fn decode(
    stream: &lopdf::Stream,
    img: &PdfImage,
    filters: &[String],
    decode: &image_io::DecodeOptions,
) -> std::result::Result<RgbImage, String> {
    let last = filters.last().map(String::as_str);
    if last == Some("DCTDecode") {
        if filters.len() > 1 {
            return Err(format!("filter chain {filters:?} is not decoded"));
        }
        return image_io::decode_bytes(&stream.content, Path::new(&img.object), decode)
            .map(|d| std::sync::Arc::unwrap_or_clone(d.pixels))
            .map_err(|e| e.to_string());
    }
    if !filters.iter().all(|f| f == "FlateDecode") {
        return Err(format!(
            "filter {filters:?} is not decoded (JPEG 2000, CCITT, JBIG2…)"
        ));
    }
    let channels = match img.color_space.as_deref() {
        Some("DeviceRGB" | "CalRGB") => 3usize,
        Some("DeviceGray" | "CalGray") => 1,
        other => return Err(format!("colour space {other:?} is not decoded")),
    };
    if img.bits_per_component != Some(8) {
        return Err(format!(
            "{:?} bits per component is not decoded",
            img.bits_per_component
        ));
    }
    let (w, h) = (img.width, img.height);
    if w == 0 || h == 0 {
        return Err("no /Width or /Height".into());
    }
    image_io::check_size(Path::new(&img.object), w, h, decode).map_err(|e| e.to_string())?;
    let data = if filters.is_empty() {
        stream.content.clone()
    } else {
        stream.decompressed_content().map_err(|e| e.to_string())?
    };
    let need = w as usize * h as usize * channels;
    if data.len() < need {
        return Err(format!("{} bytes of samples, {need} needed", data.len()));
    }
    Ok(RgbImage::from_fn(w, h, |x, y| {
        let i = (y as usize * w as usize + x as usize) * channels;
        if channels == 3 {
            image::Rgb([data[i], data[i + 1], data[i + 2]])
        } else {
            image::Rgb([data[i]; 3])
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// A one-page PDF with a JPEG (with EXIF) and a raw Flate RGB image, and an author.
    fn pdf() -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let rgb = RgbImage::from_pixel(4, 3, image::Rgb([10, 200, 30]));
        let mut jpeg = std::io::Cursor::new(Vec::new());
        rgb.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
        let jpeg = jpeg.into_inner();
        let mut with_exif = jpeg[..2].to_vec();
        let payload = b"Exif\0\0II*\0\x08\0\0\0\0\0\0\0\0\0";
        with_exif.extend_from_slice(&[0xFF, 0xE1]);
        with_exif.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        with_exif.extend_from_slice(payload);
        with_exif.extend_from_slice(&jpeg[2..]);
        let jpeg_id = doc.add_object(Stream::new(
            dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 4, "Height" => 3, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode"},
            with_exif,
        ));
        let mut raw = Stream::new(
            dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 4, "Height" => 3, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8},
            rgb.as_raw().clone(),
        );
        raw.compress().unwrap();
        let raw_id = doc.add_object(raw);
        let resources = doc.add_object(dictionary! {"XObject" => dictionary! {"Im1" => jpeg_id}});
        let page = doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id, "Resources" => resources, "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()]});
        let page2 = doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id, "Resources" => dictionary! {"XObject" => dictionary! {"Im2" => raw_id, "Im1" => jpeg_id}}, "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()]});
        doc.objects.insert(pages_id, Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => vec![page.into(), page2.into()], "Count" => 2}));
        let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
        let info = doc.add_object(dictionary! {"Author" => Object::string_literal("Dr. Jane Roe"), "Producer" => Object::string_literal("test")});
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn lists_images_with_pages_and_the_author() {
        let bytes = pdf();
        assert!(is_pdf(&bytes));
        let r = vet_pdf_bytes(&bytes, Path::new("a.pdf"), None, &VetOptions::default()).unwrap();
        assert_eq!(r.pages, 2);
        assert!(r
            .properties
            .iter()
            .any(|p| p.name == "Author" && p.value == "Dr. Jane Roe"));
        assert_eq!(r.images.len(), 2, "{:?}", r.images);
        let jpeg = r
            .images
            .iter()
            .find(|i| i.filters == ["DCTDecode"])
            .unwrap();
        assert_eq!(jpeg.pages, [1, 2]);
        assert!(jpeg.metadata.exif, "{:?}", jpeg.metadata);
        assert!(jpeg.scan_error.is_none());
        let raw = r
            .images
            .iter()
            .find(|i| i.filters == ["FlateDecode"])
            .unwrap();
        assert_eq!(raw.pages, [2]);
        assert!(raw.scan_error.is_none(), "{:?}", raw.scan_error);
        assert_eq!((raw.width, raw.height), (4, 3));
        assert!(r.concerns().iter().any(|c| c.contains("EXIF")));
        let err = vet_pdf_bytes(
            b"%PDF-1.4 garbage",
            Path::new("b.pdf"),
            None,
            &VetOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "archive");
    }
}
