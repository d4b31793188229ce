import COpenBLAS

/// Ordinary least squares with an intercept, as scikit-learn's `LinearRegression()` fits it: the features and targets
/// are centred, the coefficients are LAPACK's minimum-norm least-squares solution (gelsd) with singular values below
/// `tolerance` × the largest treated as zero (scikit-learn's `tol`, 1e-6, passed to `scipy.linalg.lstsq` as `cond`),
/// and the intercept is the mean target less the mean features' prediction. Computed in double.
public struct LinearRegression {
    public let coefficients: [Double]
    public let intercept: Double

    public init(fitting x: Vectors, targets y: [Double], tolerance: Double = 1e-6) throws {
        guard x.rows == y.count, x.rows > 0 else { throw MetricsError("\(y.count) targets for \(x.rows) rows") }
        let (m, n) = (x.rows, x.dimension)
        var means = [Double](repeating: 0, count: n)
        for i in 0..<m { for j in 0..<n { means[j] += Double(x.values[i * n + j]) } }
        means = means.map { $0 / Double(m) }
        let yMean = y.reduce(0, +) / Double(m)
        // Column-major centred features, and the centred targets padded to max(m, n) rows for the solution.
        var a = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { a[i + j * m] = Double(x.values[i * n + j]) - means[j] } }
        let ldb = max(m, n, 1)
        var b = [Double](repeating: 0, count: ldb)
        for i in 0..<m { b[i] = y[i] - yMean }
        var s = [Double](repeating: 0, count: min(m, n))
        var (mm, nn, nrhs, lda, ldbb, rcond) = (Int32(m), Int32(n), Int32(1), Int32(max(m, 1)), Int32(ldb), tolerance)
        var (rank, info, lwork) = (Int32(0), Int32(0), Int32(-1))
        var size = [0.0], isize = [Int32(0)]
        dgelsd_(&mm, &nn, &nrhs, &a, &lda, &b, &ldbb, &s, &rcond, &rank, &size, &lwork, &isize, &info)
        guard info == 0 else { throw MetricsError("least squares workspace query failed (LAPACK info \(info))") }
        lwork = Int32(size[0])
        var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: max(Int(isize[0]), 1))
        dgelsd_(&mm, &nn, &nrhs, &a, &lda, &b, &ldbb, &s, &rcond, &rank, &work, &lwork, &iwork, &info)
        guard info == 0 else { throw MetricsError("least squares did not converge (LAPACK info \(info))") }
        coefficients = Array(b.prefix(n))
        intercept = yMean - zip(means, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
    }

    public func predict(_ x: Vectors) -> [Double] {
        (0..<x.rows).map { i in intercept + zip(x.row(i), coefficients).reduce(0) { $0 + Double($1.0) * $1.1 } }
    }
}
