//! Principal component analysis to two components, by power iteration on the sparse,
//! mean-centred vote matrix.
//!
//! Missing votes are imputed with the statement's mean vote; after centring they are
//! exactly zero, so the centred matrix keeps the sparsity of the votes and each power step
//! costs one pass over the votes cast.

use super::matrix::VoteMatrix;

/// Most power steps per component; real conversations converge in a few dozen.
const MAX_ITERATIONS: usize = 1000;
/// Convergence: the unit vector moved less than this between two steps.
const TOLERANCE: f64 = 1e-10;

pub(crate) struct Pca {
    /// Per column, the mean vote of those who voted on it.
    pub center: Vec<f64>,
    /// Two unit vectors over the columns (zero when the data has no variance left).
    pub components: [Vec<f64>; 2],
}

pub(crate) fn fit(m: &VoteMatrix) -> Pca {
    let n_cols = m.n_cols();
    let mut sum = vec![0.0; n_cols];
    let mut count = vec![0usize; n_cols];
    for row in &m.rows {
        for &(c, choice) in row {
            sum[c as usize] += choice.value();
            count[c as usize] += 1;
        }
    }
    let center: Vec<f64> = sum.iter().zip(&count).map(|(s, &n)| if n == 0 { 0.0 } else { s / n as f64 }).collect();
    let centred: Vec<Vec<(u32, f64)>> = m
        .rows
        .iter()
        .map(|row| row.iter().map(|&(c, choice)| (c, choice.value() - center[c as usize])).collect())
        .collect();

    // Fixed starting vectors instead of Pol.is's random one: the same input always
    // converges to the same components.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let second: Vec<f64> = (0..n_cols)
        .map(|_| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        })
        .collect();
    let components = subspace_iteration(&centred, n_cols, [vec![1.0; n_cols], second]);
    Pca { center, components }
}

/// The two dominant eigenvectors of CᵀC, found together (block power iteration): two
/// opinion axes of nearly equal weight would make one-vector-at-a-time power iteration
/// crawl, while the plane they span converges fast. A 2 × 2 eigen-decomposition inside
/// the plane then orders the axes, and each sign is fixed so its largest entry is positive.
fn subspace_iteration(centred: &[Vec<(u32, f64)>], n_cols: usize, start: [Vec<f64>; 2]) -> [Vec<f64>; 2] {
    let [mut v1, mut v2] = start;
    if !orthonormalise(&mut v1, &mut v2) {
        return [vec![0.0; n_cols], vec![0.0; n_cols]];
    }
    for _ in 0..MAX_ITERATIONS {
        let [mut w1, mut w2] = apply(centred, n_cols, &v1, &v2);
        if !orthonormalise(&mut w1, &mut w2) {
            break;
        }
        // How far the new vectors stick out of the old plane.
        let mut moved = 0.0;
        for w in [&w1, &w2] {
            let (a, b) = (dot(w, &v1), dot(w, &v2));
            moved += w.iter().zip(&v1).zip(&v2).map(|((x, p), q)| (x - a * p - b * q).powi(2)).sum::<f64>();
        }
        v1 = w1;
        v2 = w2;
        if moved.sqrt() < TOLERANCE {
            break;
        }
    }
    // Rayleigh–Ritz in the plane: H = Vᵀ CᵀC V, then rotate V onto H's eigenvectors.
    let [h1, h2] = apply(centred, n_cols, &v1, &v2);
    let (a, b, d) = (dot(&v1, &h1), dot(&v1, &h2), dot(&v2, &h2));
    let theta = 0.5 * (2.0 * b).atan2(a - d);
    let (c, s) = (theta.cos(), theta.sin());
    let mut pc1: Vec<f64> = v1.iter().zip(&v2).map(|(x, y)| c * x + s * y).collect();
    let mut pc2: Vec<f64> = v1.iter().zip(&v2).map(|(x, y)| -s * x + c * y).collect();
    // The second axis is only meaningful when the data has variance along it.
    let lambda2 = a * s * s - 2.0 * b * s * c + d * c * c;
    if lambda2 <= 1e-12 * (a + d).abs().max(1e-300) {
        pc2 = vec![0.0; n_cols];
    }
    if a + d <= 0.0 {
        pc1 = vec![0.0; n_cols];
    }
    fix_sign(&mut pc1);
    fix_sign(&mut pc2);
    [pc1, pc2]
}

/// CᵀC applied to two vectors in one pass over the votes.
fn apply(centred: &[Vec<(u32, f64)>], n_cols: usize, v1: &[f64], v2: &[f64]) -> [Vec<f64>; 2] {
    let mut w1 = vec![0.0; n_cols];
    let mut w2 = vec![0.0; n_cols];
    for row in centred {
        let (mut d1, mut d2) = (0.0, 0.0);
        for &(c, x) in row {
            d1 += x * v1[c as usize];
            d2 += x * v2[c as usize];
        }
        for &(c, x) in row {
            w1[c as usize] += d1 * x;
            w2[c as usize] += d2 * x;
        }
    }
    [w1, w2]
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Gram–Schmidt on two vectors; false when the first is zero. A second vector with
/// nothing left outside the first becomes zero (and stays so).
fn orthonormalise(v1: &mut [f64], v2: &mut [f64]) -> bool {
    if !normalise(v1) {
        return false;
    }
    remove_component(v2, v1);
    if !normalise(v2) {
        v2.iter_mut().for_each(|x| *x = 0.0);
    }
    true
}

fn remove_component(v: &mut [f64], u: &[f64]) {
    let dot: f64 = v.iter().zip(u).map(|(a, b)| a * b).sum();
    for (a, b) in v.iter_mut().zip(u) {
        *a -= dot * b;
    }
}

fn normalise(v: &mut [f64]) -> bool {
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm < 1e-12 {
        return false;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    true
}

/// A component and its opposite describe the same axis; choose the one whose largest
/// entry (first one on ties) is positive so the map never flips between runs.
fn fix_sign(v: &mut [f64]) {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if x.abs() > v[best].abs() + 1e-12 {
            best = i;
        }
    }
    if v.get(best).is_some_and(|&x| x < 0.0) {
        v.iter_mut().for_each(|x| *x = -*x);
    }
}

/// Pol.is's sparsity-aware projection: a participant is projected with the statements
/// they voted on only, then pushed out by sqrt(statements / their votes), so that someone
/// who voted on few statements is not pulled into the centre by the imputed means.
pub(crate) fn project(m: &VoteMatrix, pca: &Pca) -> Vec<[f64; 2]> {
    let n_cols = m.n_cols() as f64;
    let [pc1, pc2] = &pca.components;
    m.rows
        .iter()
        .map(|row| {
            let (mut x, mut y) = (0.0, 0.0);
            for &(c, choice) in row {
                let d = choice.value() - pca.center[c as usize];
                x += d * pc1[c as usize];
                y += d * pc2[c as usize];
            }
            // Pol.is keeps rejected statements as columns of zeros (a pass from everyone)
            // instead of dropping them, so they count both in the statements and in each
            // participant's votes here. They carry no opinion, so we drop them from the
            // math but keep this effect, which damps the push-out of sparse voters: it
            // brought our groups markedly closer to Pol.is's (docs/opinions.md).
            let rejected = m.rejected_voted as f64;
            let scale = ((n_cols + rejected) / (row.len() as f64 + rejected).max(1.0)).sqrt();
            [x * scale, y * scale]
        })
        .collect()
}
