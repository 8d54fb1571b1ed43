/// Like `assert_eq!`, but prints both sides as blocks, so that a multi-line difference
/// reads as text.
macro_rules! eqnice {
    ($expected:expr, $got:expr) => {{
        let expected = &*$expected;
        let got = &*$got;
        if expected != got {
            panic!(
                "\n\nexpected:\n{}\n{}\n{}\n\ngot:\n{}\n{}\n{}\n",
                "~".repeat(60),
                expected,
                "~".repeat(60),
                "~".repeat(60),
                got,
                "~".repeat(60)
            );
        }
    }};
}
