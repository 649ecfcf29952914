//! Resizing for the detectors and previews: SIMD convolution (fast_image_resize), bilinear
//! (triangle) filter — the same filter as `image::imageops::FilterType::Triangle`, about 20×
//! faster on a 12 MP photo, which matters because every detector and the preview resize it.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

/// `img` resized to `w`×`h` (at least 1×1) with a bilinear filter; a clone when the size is
/// unchanged.
pub fn resize_rgb(img: &RgbImage, w: u32, h: u32) -> RgbImage {
    let (w, h) = (w.max(1), h.max(1));
    if img.dimensions() == (w, h) {
        return img.clone();
    }
    let fast = || -> Option<RgbImage> {
        let src = ImageRef::new(img.width(), img.height(), img.as_raw(), PixelType::U8x3).ok()?;
        let mut dst = Image::new(w, h, PixelType::U8x3);
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
        Resizer::new().resize(&src, &mut dst, &options).ok()?;
        RgbImage::from_raw(w, h, dst.into_vec())
    };
    // The fast path cannot fail for a well-formed RGB buffer; keep a correct fallback anyway.
    fast().unwrap_or_else(|| {
        image::imageops::resize(img, w, h, image::imageops::FilterType::Triangle)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_image_crate_triangle_filter_closely() {
        let img = RgbImage::from_fn(403, 301, |x, y| {
            image::Rgb([
                (x * 7 % 256) as u8,
                (y * 3 % 256) as u8,
                ((x ^ y) % 256) as u8,
            ])
        });
        for (w, h) in [(200, 150), (97, 61), (806, 602)] {
            let ours = resize_rgb(&img, w, h);
            let reference =
                image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle);
            assert_eq!(ours.dimensions(), (w, h));
            let diff: u64 = ours
                .as_raw()
                .iter()
                .zip(reference.as_raw())
                .map(|(a, b)| u64::from(a.abs_diff(*b)))
                .sum();
            let mean = diff as f64 / ours.as_raw().len() as f64;
            assert!(mean < 4.0, "{w}x{h}: mean difference {mean}");
        }
        assert_eq!(resize_rgb(&img, 403, 301), img);
    }
}
