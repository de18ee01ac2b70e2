//! The steps a count takes, counted in tests: they hold the count linear in the text's size
//! without timing it. Outside tests, [`step`] is nothing.

#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// One step of a loop over the text.
#[inline(always)]
pub(crate) fn step() {
    #[cfg(test)]
    STEPS.with(|steps| steps.set(steps.get() + 1));
}

/// The steps taken on this thread so far.
#[cfg(test)]
pub(crate) fn steps() -> u64 {
    STEPS.with(std::cell::Cell::get)
}
