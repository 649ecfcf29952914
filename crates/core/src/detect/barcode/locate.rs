//! Candidate 1D / PDF417 regions in the search image: cells of strong, parallel, balanced
//! edges (structure tensor) joined into [`BarRegion`]s, pieces of one barcode merged, and
//! each candidate checked (and its angle refined) by correlating profiles across it.

use super::extent::{correlation, normalise};
use super::luma::Luma;

/// A region of parallel bars in the search image: centre, the direction across the bars
/// (radians; the barcode's length runs along it), its length and the bars' height, in search
/// pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BarRegion {
    pub(crate) cx: f32,
    pub(crate) cy: f32,
    pub(crate) angle: f32,
    pub(crate) len: f32,
    pub(crate) height: f32,
    pub(crate) cells: usize,
}

impl BarRegion {
    fn axes(&self) -> ([f32; 2], [f32; 2]) {
        let (s, c) = self.angle.sin_cos();
        ([c, s], [-s, c])
    }

    /// The corners of its oriented box.
    pub(super) fn corners(&self) -> [[f32; 2]; 4] {
        let (u, v) = self.axes();
        [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)].map(|(su, sv)| {
            [
                self.cx + su * self.len / 2.0 * u[0] + sv * self.height / 2.0 * v[0],
                self.cy + su * self.len / 2.0 * u[1] + sv * self.height / 2.0 * v[1],
            ]
        })
    }

    /// Whether `p` lies in its oriented box.
    pub(super) fn contains(&self, p: [f32; 2]) -> bool {
        let (u, v) = self.axes();
        let (dx, dy) = (p[0] - self.cx, p[1] - self.cy);
        (dx * u[0] + dy * u[1]).abs() <= self.len / 2.0
            && (dx * v[0] + dy * v[1]).abs() <= self.height / 2.0
    }

    /// Orientations within 10°.
    pub(super) fn same_way(&self, o: &BarRegion) -> bool {
        let d = (self.angle - o.angle).abs() % std::f32::consts::PI;
        d.min(std::f32::consts::PI - d) <= 10f32.to_radians()
    }
}

/// The region with its orientation refined, if it reads like bars: its middle profile
/// crosses its mean often (at least 8 bars), and, turned by the angle (within ±12° of the
/// structure tensor's, which is biased by a few degrees on thin bars and by more when a line of
/// text next to the bars joined the region) that fits best, profiles a quarter (or, for short
/// bars in a region made taller by that text, an eighth) of its height above and below the
/// middle still correlate with it (bars are straight and long; hair, fabric and foliage are
/// not). Lenient enough for a PDF417, whose rows share only their start and stop patterns.
pub(crate) fn refine_bars(img: &Luma, r: &BarRegion) -> Option<BarRegion> {
    let n = (r.len.round() as usize).clamp(32, 512);
    let profile = |angle: f32, off: f32| -> Vec<f32> {
        let (s, c) = angle.sin_cos();
        normalise(
            (0..n)
                .map(|k| {
                    let t = ((k as f32 + 0.5) / n as f32 - 0.5) * r.len;
                    img.sample(r.cx + t * c - off * s - 0.5, r.cy + t * s + off * c - 0.5)
                })
                .collect(),
        )
    };
    let mid = profile(r.angle, 0.0);
    let crossings = mid
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    if crossings < 16 {
        return None;
    }
    let q = r.height / 4.0;
    let (score, angle) = (-12..=12)
        .map(|d| {
            let a = r.angle + (d as f32).to_radians();
            let mid = profile(a, 0.0);
            let at =
                |q: f32| correlation(&mid, &profile(a, -q)).min(correlation(&mid, &profile(a, q)));
            (at(q).max(at(q / 2.0)), a)
        })
        .fold((f32::MIN, r.angle), |b, x| if x.0 > b.0 { x } else { b });
    (score >= 0.3).then_some(BarRegion { angle, ..*r })
}

/// Side of a structure-tensor cell, in search pixels.
const CELL: usize = 8;

/// Regions of strong, parallel edges, largest first: the structure tensor (sums of gx², gy²,
/// gx·gy) over 3×3 cells; a cell is "barred" when its edges are strong and all run one way
/// (coherence), and barred neighbours with the same orientation are joined.
pub(crate) fn locate_bars(img: &Luma) -> Vec<BarRegion> {
    let (w, h) = (img.w, img.h);
    let (gw, gh) = (w / CELL, h / CELL);
    if gw < 3 || gh < 3 {
        return Vec::new();
    }
    // Per cell: Σgx², Σgy², Σgx·gy (the structure tensor) and the signed squares Σgx·|gx|,
    // Σgy·|gy|.
    let mut sums = vec![[0f32; 5]; gw * gh];
    for y in 1..(gh * CELL).min(h - 1) {
        let (up, row, down) = (
            &img.px[(y - 1) * w..y * w],
            &img.px[y * w..(y + 1) * w],
            &img.px[(y + 1) * w..(y + 2) * w],
        );
        let base = (y / CELL) * gw;
        for cx in 0..gw {
            let (x0, x1) = ((cx * CELL).max(1), (cx * CELL + CELL).min(w - 1));
            let mut acc = [0i32; 5];
            for x in x0..x1 {
                let gx = i32::from(row[x + 1]) - i32::from(row[x - 1]);
                let gy = i32::from(down[x]) - i32::from(up[x]);
                acc[0] += gx * gx;
                acc[1] += gy * gy;
                acc[2] += gx * gy;
                acc[3] += gx * gx.abs();
                acc[4] += gy * gy.abs();
            }
            let cell = &mut sums[base + cx];
            for k in 0..5 {
                cell[k] += acc[k] as f32;
            }
        }
    }
    // 3×3 cell windows.
    let mut win = vec![[0f32; 5]; gw * gh];
    for y in 0..gh {
        for x in 0..gw {
            let out = &mut win[y * gw + x];
            for yy in y.saturating_sub(1)..(y + 2).min(gh) {
                for xx in x.saturating_sub(1)..(x + 2).min(gw) {
                    for k in 0..5 {
                        out[k] += sums[yy * gw + xx][k];
                    }
                }
            }
        }
    }
    // A window of bars has strong edges (mean squared gradient), nearly all one way
    // (coherence), and as many rising as falling (balance of the signed squares: one long
    // edge, a label's or a table's border, is coherent too but all of one sign).
    const MIN_ENERGY: f32 = 300.0;
    const MIN_COHERENCE: f32 = 0.6;
    const MAX_BALANCE: f32 = 0.4;
    let window = (9 * CELL * CELL) as f32;
    let mut angle = vec![f32::NAN; gw * gh];
    let mut energy = vec![0f32; gw * gh];
    for (i, [sxx, syy, sxy, sgx, sgy]) in win.iter().copied().enumerate() {
        let e = sxx + syy;
        if e / window < MIN_ENERGY || (sgx * sgx + sgy * sgy).sqrt() > MAX_BALANCE * e {
            continue;
        }
        let d = sxx - syy;
        let coherence = (d * d + 4.0 * sxy * sxy).sqrt() / e;
        if coherence >= MIN_COHERENCE {
            angle[i] = 0.5 * (2.0 * sxy).atan2(d);
            energy[i] = e;
        }
    }
    // Join neighbours (8-connected) whose orientations differ by less than 20°.
    let same_way = |a: f32, b: f32| {
        let d = (a - b).abs() % std::f32::consts::PI;
        d.min(std::f32::consts::PI - d) < 20f32.to_radians()
    };
    let mut seen = vec![false; gw * gh];
    let mut regions = Vec::new();
    for start in 0..gw * gh {
        if seen[start] || angle[start].is_nan() {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![start];
        let mut cells = Vec::new();
        while let Some(i) = stack.pop() {
            cells.push(i);
            let (x, y) = (i % gw, i / gw);
            for yy in y.saturating_sub(1)..(y + 2).min(gh) {
                for xx in x.saturating_sub(1)..(x + 2).min(gw) {
                    let j = yy * gw + xx;
                    if !seen[j] && !angle[j].is_nan() && same_way(angle[i], angle[j]) {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        if cells.len() < 6 {
            continue;
        }
        // Energy-weighted mean orientation (angles doubled: θ and θ+π are one orientation).
        let (mut c2, mut s2) = (0.0f32, 0.0f32);
        for &i in &cells {
            c2 += energy[i] * (2.0 * angle[i]).cos();
            s2 += energy[i] * (2.0 * angle[i]).sin();
        }
        let a = 0.5 * s2.atan2(c2);
        let (u, v) = ([a.cos(), a.sin()], [-a.sin(), a.cos()]);
        let (mut umin, mut umax, mut vmin, mut vmax) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        for &i in &cells {
            let (px, py) = (
                ((i % gw) * CELL) as f32 + CELL as f32 / 2.0,
                ((i / gw) * CELL) as f32 + CELL as f32 / 2.0,
            );
            let pu = px * u[0] + py * u[1];
            let pv = px * v[0] + py * v[1];
            umin = umin.min(pu);
            umax = umax.max(pu);
            vmin = vmin.min(pv);
            vmax = vmax.max(pv);
        }
        let (mu, mv) = ((umin + umax) / 2.0, (vmin + vmax) / 2.0);
        regions.push(BarRegion {
            cx: mu * u[0] + mv * v[0],
            cy: mu * u[1] + mv * v[1],
            angle: a,
            len: umax - umin + CELL as f32,
            height: vmax - vmin + CELL as f32,
            cells: cells.len(),
        });
    }
    regions.sort_by_key(|r| std::cmp::Reverse(r.cells));
    let mut merged = merge_collinear(&regions);
    merged.extend(regions);
    merged
}

/// Regions that are pieces of one barcode (the same orientation, side by side along it, a
/// gap shorter than their height: wide bars or the data rows of a PDF417 leave cells with
/// weak or mixed edges), joined. Each group of two or more pieces is one more region, listed
/// largest first; the pieces stay candidates too (two barcodes side by side are joined as
/// well, and the second is then read from its own piece).
fn merge_collinear(regions: &[BarRegion]) -> Vec<BarRegion> {
    let n = regions.len().min(64);
    let mut group: Vec<usize> = (0..n).collect();
    fn root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&regions[i], &regions[j]);
            if !a.same_way(b) {
                continue;
            }
            let (du, dv) = (
                (b.cx - a.cx) * a.angle.cos() + (b.cy - a.cy) * a.angle.sin(),
                -(b.cx - a.cx) * a.angle.sin() + (b.cy - a.cy) * a.angle.cos(),
            );
            let height = a.height.max(b.height);
            if dv.abs() < 0.5 * height && du.abs() - (a.len + b.len) / 2.0 < height {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri] = rj;
            }
        }
    }
    let mut out = Vec::new();
    for r in 0..n {
        let members: Vec<&BarRegion> = (0..n)
            .filter(|&i| root(&mut group, i) == r)
            .map(|i| &regions[i])
            .collect();
        if members.len() < 2 {
            continue;
        }
        let (mut c2, mut s2) = (0.0f32, 0.0f32);
        for m in &members {
            c2 += m.cells as f32 * (2.0 * m.angle).cos();
            s2 += m.cells as f32 * (2.0 * m.angle).sin();
        }
        let a = 0.5 * s2.atan2(c2);
        let (u, v) = ([a.cos(), a.sin()], [-a.sin(), a.cos()]);
        let (mut umin, mut umax, mut vmin, mut vmax) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        for m in &members {
            for [x, y] in m.corners() {
                let (pu, pv) = (x * u[0] + y * u[1], x * v[0] + y * v[1]);
                (umin, umax) = (umin.min(pu), umax.max(pu));
                (vmin, vmax) = (vmin.min(pv), vmax.max(pv));
            }
        }
        let (mu, mv) = ((umin + umax) / 2.0, (vmin + vmax) / 2.0);
        out.push(BarRegion {
            cx: mu * u[0] + mv * v[0],
            cy: mu * u[1] + mv * v[1],
            angle: a,
            len: umax - umin,
            height: vmax - vmin,
            cells: members.iter().map(|m| m.cells).sum(),
        });
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.cells));
    out
}
