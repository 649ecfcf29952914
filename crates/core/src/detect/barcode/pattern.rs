//! Whether a region of bars that no reader decoded is still a barcode. A 1D barcode reads from
//! any slice across its bars, so one that is damaged, cut, printed in a symbology the readers
//! do not know, or a made-up pattern on a sample must still be covered whole. Parallel bars
//! are common (fences, blinds, stripes, keyboards, text), so an unread region counts only
//! when its bars look printed for a scanner:
//!
//! - **isolated**: a run of at least [`MIN_BARS`] dark bars with a light quiet zone of at
//!   least [`QUIET_MODULES`] modules on both sides, inside the crop (a fence or a striped
//!   shirt runs on);
//! - **quantised and varied**: each bar with its space (and space with its bar) spans a whole
//!   number of one module, and at least two such widths are common: a barcode encodes in its
//!   widths, stripes and fences repeat one;
//! - **straight and full height**: the bar pattern is the same a third of the way up and down
//!   (text strokes are not).

use super::extent::{correlation, normalise};
use super::luma::Luma;

/// Fewest dark bars in an unread barcode (a Code 128 of one symbol has 12, an EAN-8 22).
pub(super) const MIN_BARS: usize = 9;
/// Light margin required on both sides, in modules (the symbologies ask for 7 to 10).
pub(super) const QUIET_MODULES: f32 = 5.0;

/// An unread barcode's first and last bar edge on the middle row of an upright crop (bars
/// vertical, the region centred), or `None` when the bars do not look like a barcode.
pub(super) fn unread_bars(crop: &Luma) -> Option<(f32, f32)> {
    let (w, h) = (crop.w, crop.h);
    if w < 32 || h < 8 {
        return None;
    }
    let band = |yc: usize| -> Vec<f32> {
        let (r0, r1) = (yc.saturating_sub(2), (yc + 3).min(h));
        (0..w)
            .map(|x| {
                (r0..r1).map(|r| f32::from(crop.px[r * w + x])).sum::<f32>() / (r1 - r0) as f32
            })
            .collect()
    };
    let mid = band(h / 2);
    // Contrast from the middle half (where the region's bars are).
    let (lo, hi) = (w / 4, 3 * w / 4);
    let (min, max) = mid[lo..hi]
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    if max - min < 40.0 {
        return None;
    }
    let level = (min + max) / 2.0;
    let edges: Vec<f32> = (1..w)
        .filter(|&x| (mid[x - 1] < level) != (mid[x] < level))
        .map(|x| {
            let (a, b) = (mid[x - 1], mid[x]);
            x as f32 - 0.5 + (level - a) / (b - a)
        })
        .collect();
    if edges.len() < 2 * MIN_BARS {
        return None;
    }
    // The module: the narrowest common run in the middle half (20th percentile).
    let mut runs: Vec<f32> = edges
        .windows(2)
        .filter(|e| e[0] >= lo as f32 && e[1] <= hi as f32)
        .map(|e| e[1] - e[0])
        .collect();
    if runs.len() < MIN_BARS {
        return None;
    }
    runs.sort_by(f32::total_cmp);
    let module = runs[runs.len() / 5].max(1.0);
    // The run of bars around the centre.
    let gap = QUIET_MODULES * module;
    let centre = w as f32 / 2.0;
    let start = edges
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - centre).abs().total_cmp(&(b.1 - centre).abs()))?
        .0;
    // A light run as wide as a quiet zone ends it (a dark one, a smudge or a wide bar, does
    // not).
    let quiet = |a: f32, b: f32| b - a >= gap && mid[((a + b) / 2.0) as usize] >= level;
    let (mut first, mut last) = (start, start);
    while first > 0 && !quiet(edges[first - 1], edges[first]) {
        first -= 1;
    }
    while last + 1 < edges.len() && !quiet(edges[last], edges[last + 1]) {
        last += 1;
    }
    // Isolated: light quiet zones on both sides, inside the crop.
    let (x0, x1) = (edges[first], edges[last]);
    let light = |x: f32| mid[(x.max(0.0) as usize).min(w - 1)] >= level;
    if x0 < gap || x1 > w as f32 - gap || !light(x0 - 1.0) || !light(x1 + 1.0) {
        return None;
    }
    let widths: Vec<f32> = edges[first..=last]
        .windows(2)
        .map(|e| e[1] - e[0])
        .collect();
    if widths.len() + 1 < 2 * MIN_BARS {
        return None;
    }
    if !quantised_and_varied(&widths) {
        return None;
    }
    // Straight, full-height bars: the pattern a third of the way up and down is the same.
    let span = |p: &[f32]| normalise(p[x0 as usize..=(x1 as usize).min(w - 1)].to_vec());
    let m = span(&mid);
    let third = h / 6;
    let up = span(&band(h / 2 - third));
    let down = span(&band(h / 2 + third));
    (correlation(&m, &up).min(correlation(&m, &down)) >= 0.8).then_some((x0, x1))
}

/// Whether the bars encode in widths: the width of each bar with the next space, and of each
/// space with the next bar (the distance between two like edges, which ink spread and blur
/// do not change), is a whole number of modules (2 to 8, within a quarter of a module), and at
/// least two of those sums are common (stripes and fences repeat one). The module is the one,
/// between 0.3 and 0.6 of the narrowest common pair (two or three modules), that fits the
/// pairs best.
fn quantised_and_varied(widths: &[f32]) -> bool {
    let pairs: Vec<f32> = widths.windows(2).map(|p| p[0] + p[1]).collect();
    if pairs.len() < MIN_BARS {
        return false;
    }
    let mut sorted = pairs.clone();
    sorted.sort_by(f32::total_cmp);
    let narrow = sorted[sorted.len() / 10];
    let error = |m: f32| -> f32 {
        pairs
            .iter()
            .map(|p| {
                let q = p / m;
                (q - q.round()).powi(2)
            })
            .sum()
    };
    let module = (0..=40)
        .map(|i| narrow * (0.3 + 0.3 * i as f32 / 40.0))
        .min_by(|a, b| error(*a).total_cmp(&error(*b)))
        .unwrap_or(narrow / 2.0);
    let mut counts = [0usize; 9];
    let mut off = 0usize;
    for p in &pairs {
        let q = p / module;
        let k = q.round();
        if !(2.0..=8.0).contains(&k) || (q - k).abs() > 0.25 {
            off += 1;
        } else {
            counts[k as usize] += 1;
        }
    }
    let n = pairs.len();
    let common = counts.iter().filter(|&&c| c * 8 >= n).count();
    off * 10 <= n && common >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An upright crop: light, with bars of `widths` (bar, space, bar…) × `module` px in the
    /// middle, rows `top..bottom` tall.
    fn crop(widths: &[usize], module: usize, w: usize, h: usize) -> Luma {
        let total = (widths.iter().sum::<usize>() * module) as isize;
        let mut px = vec![235u8; w * h];
        let mut x = (w as isize - total) / 2;
        for (i, k) in widths.iter().enumerate() {
            for xx in x..x + (k * module) as isize {
                if i % 2 == 0 && (0..w as isize).contains(&xx) {
                    for y in h / 8..h - h / 8 {
                        px[y * w + xx as usize] = 20;
                    }
                }
            }
            x += (k * module) as isize;
        }
        Luma { w, h, px }
    }

    const SAMPLE: [usize; 24] = [
        3, 1, 2, 1, 3, 2, 1, 1, 3, 1, 2, 2, 1, 3, 1, 2, 1, 1, 2, 3, 1, 2, 1, 3,
    ];

    #[test]
    fn a_pattern_of_varied_module_widths_with_quiet_zones_is_a_barcode() {
        let c = crop(&SAMPLE, 4, 300, 120);
        let (x0, x1) = unread_bars(&c).expect("a barcode");
        let total = SAMPLE.iter().sum::<usize>() as f32 * 4.0;
        let left = (300.0 - total) / 2.0;
        assert!((x0 - left).abs() < 1.0, "{x0} vs {left}");
        // The last run is a space: the last bar edge is where it starts.
        assert!((x1 - (left + total - 12.0)).abs() < 1.0, "{x1}");
    }

    #[test]
    fn stripes_a_fence_and_a_pattern_cut_by_the_crop_are_not() {
        // One width repeated: stripes.
        assert!(unread_bars(&crop(&[2; 31], 4, 300, 120)).is_none());
        // Bars running off both sides (no quiet zone).
        let wide: Vec<usize> = SAMPLE.iter().cycle().take(24 * 4 - 1).copied().collect();
        assert!(unread_bars(&crop(&wide, 2, 300, 120)).is_none());
        // Widths of no common module (a fence in perspective, foliage).
        let ragged = [
            7, 3, 5, 9, 4, 11, 6, 2, 13, 5, 8, 3, 10, 7, 5, 12, 4, 9, 6, 3, 11,
        ];
        assert!(unread_bars(&crop(&ragged, 1, 300, 120)).is_none());
        // Too few bars.
        assert!(unread_bars(&crop(&SAMPLE[..9], 4, 300, 120)).is_none());
    }

    #[test]
    fn bars_that_change_along_their_height_are_not() {
        let mut c = crop(&SAMPLE, 4, 300, 120);
        // Erase the top half of every other bar: strokes of text, not bars.
        let (w, h) = (c.w, c.h);
        let mut on = false;
        for x in 1..w {
            if c.px[h / 2 * w + x] < 128 && c.px[h / 2 * w + x - 1] >= 128 {
                on = !on;
            }
            if on && c.px[h / 2 * w + x] < 128 {
                for y in 0..h / 2 {
                    c.px[y * w + x] = 235;
                }
            }
        }
        assert!(unread_bars(&c).is_none());
    }
}
