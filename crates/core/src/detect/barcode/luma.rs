//! Grey images for the searches: the downscaled search image, the [`Luma`] buffer, the
//! [`Pixels`] view of the full-resolution photo, and upright [`Crop`]s cut from it.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;
use rxing::Point;

/// The image the searches run on: luma with the long side at most `side`, and its scale on
/// each axis. A large photo is first halved with a 2×2 box while converting (one pass over
/// the RGB bytes), which is all a 12 MP photo needs.
pub(super) fn search_image(img: &RgbImage, side: u32) -> (Luma, f32, f32) {
    let long = img.width().max(img.height());
    let (base, scale) = if long > side && long / 2 >= side * 9 / 10 {
        // Box means leave more pixel noise than a resize's wider filter, and noise makes the
        // 2D finders slow (many false finder candidates): smooth it.
        let mut half = Luma::half_from_rgb(img);
        half.blur121();
        (half, 0.5)
    } else {
        (Luma::from_rgb(img), 1.0)
    };
    let base_long = base.w.max(base.h) as f32;
    if base_long <= side as f32 {
        return (base, scale, scale);
    }
    let r = side as f32 / base_long;
    let (w, h) = (
        ((base.w as f32 * r).round() as usize).max(1),
        ((base.h as f32 * r).round() as usize).max(1),
    );
    let (rx, ry) = (w as f32 / base.w as f32, h as f32 / base.h as f32);
    (base.resized(w, h), scale * rx, scale * ry)
}

/// Grey values to sample: the full-resolution photo is read through this straight from its
/// RGB bytes (only crops and scanlines of it are ever needed).
pub(crate) trait Pixels {
    /// Width and height.
    fn dims(&self) -> (usize, usize);
    /// Bilinear luma at pixel-centre coordinates, the edge pixels repeated outside.
    fn sample(&self, x: f32, y: f32) -> f32;
}

/// BT.601 luma of one sRGB pixel, ×256.
fn luma256(p: &[u8]) -> u32 {
    77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])
}

impl Pixels for RgbImage {
    fn dims(&self) -> (usize, usize) {
        (self.width() as usize, self.height() as usize)
    }

    fn sample(&self, x: f32, y: f32) -> f32 {
        let (w, h) = self.dims();
        let x = x.clamp(0.0, (w - 1) as f32);
        let y = y.clamp(0.0, (h - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let raw = self.as_raw();
        let p = |x: usize, y: usize| {
            let i = (y * w + x) * 3;
            luma256(&raw[i..i + 3]) as f32 / 256.0
        };
        let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * fx;
        let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * fx;
        top + (bottom - top) * fy
    }
}

impl Pixels for Luma {
    fn dims(&self) -> (usize, usize) {
        (self.w, self.h)
    }

    fn sample(&self, x: f32, y: f32) -> f32 {
        Luma::sample(self, x, y)
    }
}

/// An 8-bit grey image.
#[derive(Debug, Clone)]
pub(crate) struct Luma {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Luma {
    /// A [1 2 1]/4 blur along both axes (edges repeated).
    fn blur121(&mut self) {
        let (w, h) = (self.w, self.h);
        if w < 3 || h < 3 {
            return;
        }
        let mut tmp = vec![0u16; w * h];
        for y in 0..h {
            let r = &self.px[y * w..(y + 1) * w];
            let t = &mut tmp[y * w..(y + 1) * w];
            t[0] = 3 * u16::from(r[0]) + u16::from(r[1]);
            for x in 1..w - 1 {
                t[x] = u16::from(r[x - 1]) + 2 * u16::from(r[x]) + u16::from(r[x + 1]);
            }
            t[w - 1] = u16::from(r[w - 2]) + 3 * u16::from(r[w - 1]);
        }
        for y in 0..h {
            let (a, b, c) = (y.saturating_sub(1), y, (y + 1).min(h - 1));
            for x in 0..w {
                let v = tmp[a * w + x] + 2 * tmp[b * w + x] + tmp[c * w + x];
                self.px[y * w + x] = ((v + 8) >> 4) as u8;
            }
        }
    }

    /// Half the size (2×2 box means; an odd last row or column is dropped), from sRGB.
    pub(crate) fn half_from_rgb(img: &RgbImage) -> Luma {
        let (w, h) = (img.width() as usize, img.height() as usize);
        let (hw, hh) = (w / 2, h / 2);
        let raw = img.as_raw();
        let mut px = Vec::with_capacity(hw * hh);
        for y in 0..hh {
            let r0 = &raw[2 * y * w * 3..(2 * y + 1) * w * 3];
            let r1 = &raw[(2 * y + 1) * w * 3..(2 * y + 2) * w * 3];
            px.extend(r0.chunks_exact(6).zip(r1.chunks_exact(6)).map(|(a, b)| {
                let sum = luma256(&a[..3]) + luma256(&a[3..]) + luma256(&b[..3]) + luma256(&b[3..]);
                ((sum + 512) >> 10) as u8
            }));
        }
        Luma { w: hw, h: hh, px }
    }

    /// BT.601 luma of sRGB pixels.
    pub(crate) fn from_rgb(img: &RgbImage) -> Luma {
        let px = img
            .as_raw()
            .chunks_exact(3)
            .map(|p| {
                ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2]) + 128) >> 8)
                    as u8
            })
            .collect();
        Luma {
            w: img.width() as usize,
            h: img.height() as usize,
            px,
        }
    }

    /// A resized copy (bilinear, antialiased when shrinking).
    pub(crate) fn resized(&self, w: usize, h: usize) -> Luma {
        let fast = || -> Option<Vec<u8>> {
            let src = ImageRef::new(self.w as u32, self.h as u32, &self.px, PixelType::U8).ok()?;
            let mut dst = Image::new(w as u32, h as u32, PixelType::U8);
            let options =
                ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
            Resizer::new().resize(&src, &mut dst, &options).ok()?;
            Some(dst.into_vec())
        };
        let px = fast().unwrap_or_else(|| {
            let gx = self.w as f32 / w as f32;
            let gy = self.h as f32 / h as f32;
            (0..w * h)
                .map(|i| {
                    let (x, y) = ((i % w) as f32, (i / w) as f32);
                    self.sample((x + 0.5) * gx - 0.5, (y + 0.5) * gy - 0.5) as u8
                })
                .collect()
        });
        Luma { w, h, px }
    }

    /// Bilinear sample at pixel-centre coordinates, the edge pixels repeated outside.
    pub(super) fn sample(&self, x: f32, y: f32) -> f32 {
        let x = x.clamp(0.0, (self.w - 1) as f32);
        let y = y.clamp(0.0, (self.h - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(self.w - 1), (y0 + 1).min(self.h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let p = |x: usize, y: usize| f32::from(self.px[y * self.w + x]);
        let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * fx;
        let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * fx;
        top + (bottom - top) * fy
    }

    /// Set the pixels of the float box `[x0,x1)×[y0,y1)` to `v`.
    pub(super) fn fill_rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, v: u8) {
        let cx = |x: f32| (x.max(0.0) as usize).min(self.w);
        let cy = |y: f32| (y.max(0.0) as usize).min(self.h);
        let (x0, x1, y0, y1) = (cx(x0.floor()), cx(x1.ceil()), cy(y0.floor()), cy(y1.ceil()));
        for y in y0..y1 {
            self.px[y * self.w + x0..y * self.w + x1].fill(v);
        }
    }
}

/// A rotated rectangle cut out of an image and resampled upright: its x axis runs along `dir`.
pub(crate) struct Crop {
    centre: [f32; 2],
    dir: [f32; 2],
    /// Crop pixels per image pixel.
    k: f32,
    w: usize,
    h: usize,
}

impl Crop {
    /// Up to 2× the image's resolution (bilinear upsampling keeps edges where they are, so
    /// thin bars survive the rotation), less when the crop would be longer than `max_len`.
    pub(crate) fn new(
        centre: [f32; 2],
        dir: [f32; 2],
        len: f32,
        height: f32,
        max_len: f32,
    ) -> Crop {
        // At most ~1.5 MP (a region the size of the photo is still cut, coarser).
        let k = (max_len / len)
            .min(2.0)
            .min((1.5e6 / (len * height).max(1.0)).sqrt());
        Crop {
            centre,
            dir,
            k,
            w: ((len * k).ceil() as usize).max(8),
            h: ((height * k).ceil() as usize).max(8),
        }
    }

    /// Crop pixel → image pixel.
    pub(super) fn to_image(&self, p: Point) -> [f32; 2] {
        let u = (p.x - self.w as f32 / 2.0) / self.k;
        let v = (p.y - self.h as f32 / 2.0) / self.k;
        [
            self.centre[0] + u * self.dir[0] - v * self.dir[1],
            self.centre[1] + u * self.dir[1] + v * self.dir[0],
        ]
    }

    pub(crate) fn sample(&self, img: &impl Pixels) -> Luma {
        let mut px = Vec::with_capacity(self.w * self.h);
        for y in 0..self.h {
            for x in 0..self.w {
                let [ix, iy] = self.to_image(Point {
                    x: x as f32 + 0.5,
                    y: y as f32 + 0.5,
                });
                px.push(img.sample(ix - 0.5, iy - 0.5).round() as u8);
            }
        }
        Luma {
            w: self.w,
            h: self.h,
            px,
        }
    }
}
