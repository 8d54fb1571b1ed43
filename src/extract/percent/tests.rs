use crate::extract::corpus::check_figures;
use crate::extract::Kind;

/// Every example of `corpus.txt`, strictly (see `extract::corpus::check_figures`).
#[test]
fn corpus() {
    check_figures(include_str!("corpus.txt"), Kind::Percent, "percent corpus");
}
