//! The pkgsdk benchmarks (being written).

fn main() {}
