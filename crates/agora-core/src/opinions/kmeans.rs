//! Weighted k-means in the plane and the silhouette score, both deterministic: fixed
//! initial centres, ties broken towards the lowest index.

pub(crate) type Point = [f64; 2];

/// Most assignment/update rounds for the base clusters (Pol.is's setting); k-means in two
/// dimensions usually settles long before.
pub(crate) const MAX_ROUNDS: usize = 100;

pub(crate) struct Clustering {
    pub centers: Vec<Point>,
    /// Point index → cluster index.
    pub assignment: Vec<usize>,
}

pub(crate) fn distance(a: Point, b: Point) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

fn nearest(p: Point, centers: &[Point]) -> usize {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (i, &c) in centers.iter().enumerate() {
        let d = (p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2);
        if d < best_d {
            best = i;
            best_d = d;
        }
    }
    best
}

/// The first `k` distinct points in input order: Pol.is's initialisation, which is
/// deterministic once the input order is (we order participants by id).
pub(crate) fn first_distinct(points: &[Point], k: usize) -> Vec<Point> {
    let mut centers: Vec<Point> = Vec::with_capacity(k);
    for &p in points {
        if centers.len() == k {
            break;
        }
        if !centers.contains(&p) {
            centers.push(p);
        }
    }
    centers
}

/// Lloyd's k-means from the given centres, at most `max_rounds` rounds. Clusters left empty are dropped (as Pol.is
/// does), so the result may have fewer clusters than initial centres.
pub(crate) fn kmeans(points: &[Point], weights: &[f64], init: Vec<Point>, max_rounds: usize) -> Clustering {
    let mut centers = init;
    let mut assignment: Vec<usize> = points.iter().map(|&p| nearest(p, &centers)).collect();
    for _ in 0..max_rounds {
        // Update: weighted means of the members; drop the clusters without members.
        let mut sum = vec![[0.0, 0.0, 0.0]; centers.len()];
        for (i, &c) in assignment.iter().enumerate() {
            let w = weights[i];
            sum[c][0] += w * points[i][0];
            sum[c][1] += w * points[i][1];
            sum[c][2] += w;
        }
        let mut renumber = vec![usize::MAX; centers.len()];
        let mut next_centers = Vec::with_capacity(centers.len());
        for (c, s) in sum.iter().enumerate() {
            if s[2] > 0.0 {
                renumber[c] = next_centers.len();
                next_centers.push([s[0] / s[2], s[1] / s[2]]);
            }
        }
        centers = next_centers;
        let next: Vec<usize> = points.iter().map(|&p| nearest(p, &centers)).collect();
        let settled = next.iter().zip(&assignment).all(|(&a, &b)| renumber[b] == a);
        assignment = next;
        if settled {
            break;
        }
    }
    Clustering { centers, assignment }
}

/// Mean silhouette coefficient of a clustering: for each point, a = mean distance to the
/// other members of its cluster, b = smallest mean distance to the members of another
/// cluster, s = (b − a) / max(a, b); a point alone in its cluster scores 0. Means are
/// weighted by `weights` (members stand for that many participants).
pub(crate) fn silhouette(points: &[Point], weights: &[f64], assignment: &[usize], k: usize) -> f64 {
    let mut total = 0.0;
    let mut total_weight = 0.0;
    for (i, &p) in points.iter().enumerate() {
        let mut dist = vec![0.0; k];
        let mut weight = vec![0.0; k];
        for (j, &q) in points.iter().enumerate() {
            if j != i {
                dist[assignment[j]] += weights[j] * distance(p, q);
                weight[assignment[j]] += weights[j];
            }
        }
        let own = assignment[i];
        // Members that stand for several participants count their own copies too: the
        // other participants of the same base cluster are at distance zero.
        weight[own] += weights[i] - 1.0;
        let s = if weight[own] <= 0.0 {
            0.0
        } else {
            let a = dist[own] / weight[own];
            let b = (0..k)
                .filter(|&c| c != own && weight[c] > 0.0)
                .map(|c| dist[c] / weight[c])
                .fold(f64::INFINITY, f64::min);
            if !b.is_finite() || a.max(b) == 0.0 { 0.0 } else { (b - a) / a.max(b) }
        };
        total += weights[i] * s;
        total_weight += weights[i];
    }
    if total_weight == 0.0 { 0.0 } else { total / total_weight }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_obvious_clusters_are_found() {
        let points = [[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [5.0, 5.0], [5.1, 5.0], [5.0, 5.1]];
        let w = [1.0; 6];
        let c = kmeans(&points, &w, vec![points[0], points[3]], MAX_ROUNDS);
        assert_eq!(c.assignment[0], c.assignment[1]);
        assert_eq!(c.assignment[0], c.assignment[2]);
        assert_eq!(c.assignment[3], c.assignment[4]);
        assert_ne!(c.assignment[0], c.assignment[3]);
    }

    #[test]
    fn empty_clusters_are_dropped() {
        let points = [[0.0, 0.0], [1.0, 0.0]];
        let c = kmeans(&points, &[1.0, 1.0], vec![[0.0, 0.0], [1.0, 0.0], [100.0, 100.0]], MAX_ROUNDS);
        assert_eq!(c.centers.len(), 2);
        assert_eq!(c.assignment, vec![0, 1]);
    }

    #[test]
    fn first_distinct_skips_duplicates() {
        let points = [[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [2.0, 2.0]];
        assert_eq!(first_distinct(&points, 2), vec![[0.0, 0.0], [1.0, 1.0]]);
        assert_eq!(first_distinct(&points, 9).len(), 3);
    }

    #[test]
    fn silhouette_of_known_layout() {
        // Points 0 and 1 at x = 0 and 1, point 2 at x = 5 alone.
        // Point 0: a = 1, b = 5 → 0.8. Point 1: a = 1, b = 4 → 0.75. Point 2: alone → 0.
        let points = [[0.0, 0.0], [1.0, 0.0], [5.0, 0.0]];
        let s = silhouette(&points, &[1.0; 3], &[0, 0, 1], 2);
        assert!((s - (0.8 + 0.75) / 3.0).abs() < 1e-12, "{s}");
        // Well separated tight clusters score near 1, a bad split scores low.
        let points = [[0.0, 0.0], [0.0, 0.1], [9.0, 0.0], [9.0, 0.1]];
        assert!(silhouette(&points, &[1.0; 4], &[0, 0, 1, 1], 2) > 0.98);
        assert!(silhouette(&points, &[1.0; 4], &[0, 1, 0, 1], 2) < 0.0);
    }

    #[test]
    fn weights_count_as_copies_in_the_silhouette() {
        // A point of weight 3 is three participants at one place: unweighted it would be
        // alone in its cluster (score 0); weighted, its copies make a = 0 and s = 1.
        let points = [[0.0, 0.0], [4.0, 0.0]];
        let s = silhouette(&points, &[3.0, 1.0], &[0, 1], 2);
        assert!((s - 0.75).abs() < 1e-12, "{s}");
    }
}
