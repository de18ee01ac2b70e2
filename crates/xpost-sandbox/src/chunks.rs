//! The bookkeeping of a chunked upload, pure: which segments arrived, how many bytes they
//! brought, and X's rules for them (index 0 to 999, each index once, at most 4 MiB a
//! segment, never past `total_bytes`, and no gaps or missing bytes at finalize).
//!
//! What a segment is stored as (a temporary file, in the sandbox) is the caller's
//! business: it rides along as `T` and comes back in index order.

use std::collections::BTreeMap;
use std::fmt;

/// The highest `segment_index` X takes (segments are numbered 0 to 999).
pub(crate) const MAX_SEGMENT_INDEX: u32 = 999;
/// The largest segment the sandbox takes: 4 MiB. X documents no figure; 1 MiB segments
/// pass everywhere and 5 MiB ones have been refused with 413 at X's edge.
pub(crate) const MAX_SEGMENT_BYTES: u64 = 4 * 1024 * 1024;

/// Why a segment, or the upload as a whole, was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChunkError {
    /// `segment_index` is not a whole number.
    NotANumber(String),
    /// `segment_index` is outside 0 to 999.
    IndexRange(u64),
    /// The segment is larger than [`MAX_SEGMENT_BYTES`] (X's edge answers 413).
    TooLarge,
    /// The segment would bring the upload past `total_bytes`.
    Overrun {
        /// Bytes received with this segment counted (at least; the rest went unread).
        would_be: u64,
        total: u64,
    },
    /// At finalize: segments numbered below the highest one never arrived.
    Gaps(Vec<u32>),
    /// At finalize: the bytes received are not `total_bytes`.
    Short { expected: u64, received: u64 },
}

impl ChunkError {
    /// Whether X answers this one with 413 rather than 400.
    pub(crate) fn is_too_large(&self) -> bool {
        matches!(self, ChunkError::TooLarge)
    }
}

impl fmt::Display for ChunkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChunkError::NotANumber(text) => write!(
                f,
                "The `segment_index` value [{text}] is not a number from 0 to {MAX_SEGMENT_INDEX}."
            ),
            ChunkError::IndexRange(index) => write!(
                f,
                "The `segment_index` value [{index}] is out of range: it must be from 0 to {MAX_SEGMENT_INDEX}."
            ),
            ChunkError::TooLarge => write!(
                f,
                "The segment is larger than {MAX_SEGMENT_BYTES} bytes (4 MB): split the media \
                 into smaller segments (1 MB is safe)."
            ),
            ChunkError::Overrun { would_be, total } => write!(
                f,
                "The segment goes past total_bytes: with it the media would be {would_be} \
                 bytes or more, but total_bytes at initialize was {total}."
            ),
            ChunkError::Gaps(missing) => {
                let list: Vec<String> = missing.iter().take(10).map(u32::to_string).collect();
                let more = if missing.len() > 10 { ", ..." } else { "" };
                write!(
                    f,
                    "Segments are missing: {}{more} never arrived; segment indexes must run \
                     from 0 without gaps.",
                    list.join(", ")
                )
            }
            ChunkError::Short { expected, received } => write!(
                f,
                "The media is incomplete: total_bytes at initialize was {expected} bytes, \
                 but {received} bytes were received."
            ),
        }
    }
}

/// Parses a `segment_index` field.
pub(crate) fn parse_index(text: &str) -> Result<u32, ChunkError> {
    let text = text.trim();
    let index: u64 = text
        .parse()
        .map_err(|_| ChunkError::NotANumber(text.chars().take(20).collect()))?;
    match u32::try_from(index) {
        Ok(index) if index <= MAX_SEGMENT_INDEX => Ok(index),
        _ => Err(ChunkError::IndexRange(index)),
    }
}

/// The segments of one upload, by index, each with its length and what stores it.
#[derive(Debug)]
pub(crate) struct Chunks<T> {
    total: u64,
    received: u64,
    segments: BTreeMap<u32, (u64, T)>,
}

impl<T> Chunks<T> {
    /// No segments yet, `total` bytes announced.
    pub(crate) fn new(total: u64) -> Self {
        Chunks {
            total,
            received: 0,
            segments: BTreeMap::new(),
        }
    }

    /// Bytes received so far.
    pub(crate) fn received(&self) -> u64 {
        self.received
    }

    /// Segments received so far.
    pub(crate) fn count(&self) -> u32 {
        u32::try_from(self.segments.len()).unwrap_or(u32::MAX)
    }

    /// Refuses an index out of range, before its bytes are read. An index that already
    /// arrived may come again (a client repeating an append whose answer it lost): the new
    /// bytes replace the old.
    pub(crate) fn check_index(&self, index: u32) -> Result<(), ChunkError> {
        if index > MAX_SEGMENT_INDEX {
            return Err(ChunkError::IndexRange(u64::from(index)));
        }
        Ok(())
    }

    /// What is left of `total_bytes` for segment `index`: a repeated segment's earlier bytes
    /// count as free, since the repeat replaces them.
    pub(crate) fn remaining_for(&self, index: Option<u32>) -> u64 {
        let earlier = index
            .and_then(|i| self.segments.get(&i))
            .map_or(0, |(len, _)| *len);
        self.remaining() + earlier
    }

    /// What is left of `total_bytes`.
    pub(crate) fn remaining(&self) -> u64 {
        self.total - self.received
    }

    /// The refusal for a segment found to bring at least `len` bytes, if there is one:
    /// lets a segment be stopped while it streams in, before all of it has arrived.
    pub(crate) fn check_len(&self, index: Option<u32>, len: u64) -> Result<(), ChunkError> {
        if len > MAX_SEGMENT_BYTES {
            return Err(ChunkError::TooLarge);
        }
        let left = self.remaining_for(index);
        if len > left {
            return Err(ChunkError::Overrun {
                would_be: self.total - left + len,
                total: self.total,
            });
        }
        Ok(())
    }

    /// Records a segment of `len` bytes, after the same checks as
    /// [`check_index`](Self::check_index) plus size and overrun.
    pub(crate) fn record(&mut self, index: u32, len: u64, payload: T) -> Result<(), ChunkError> {
        self.check_index(index)?;
        self.check_len(Some(index), len)?;
        if let Some((earlier, _)) = self.segments.insert(index, (len, payload)) {
            self.received -= earlier;
        }
        self.received += len;
        Ok(())
    }

    /// Whether the upload can be finalized: segments 0 to n without gaps, and exactly
    /// `total_bytes` received.
    pub(crate) fn complete(&self) -> Result<(), ChunkError> {
        let highest = self.segments.keys().next_back().copied();
        if let Some(highest) = highest {
            let missing: Vec<u32> = (0..highest)
                .filter(|i| !self.segments.contains_key(i))
                .collect();
            if !missing.is_empty() {
                return Err(ChunkError::Gaps(missing));
            }
        }
        if self.received != self.total {
            return Err(ChunkError::Short {
                expected: self.total,
                received: self.received,
            });
        }
        Ok(())
    }

    /// What stores each segment, in index order.
    pub(crate) fn payloads(&self) -> impl Iterator<Item = &T> {
        self.segments.values().map(|(_, payload)| payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn segments_may_arrive_in_any_order_and_come_back_in_index_order() {
        let mut c = Chunks::new(30);
        c.record(2, 10, "c").unwrap();
        c.record(0, 10, "a").unwrap();
        assert_eq!(c.complete(), Err(ChunkError::Gaps(vec![1])));
        c.record(1, 10, "b").unwrap();
        assert_eq!(c.complete(), Ok(()));
        assert_eq!(c.payloads().copied().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!((c.received(), c.count()), (30, 3));
    }

    #[test]
    fn gaps_are_listed_and_missing_bytes_counted() {
        let mut c = Chunks::new(100);
        c.record(0, 10, ()).unwrap();
        c.record(3, 10, ()).unwrap();
        assert_eq!(c.complete(), Err(ChunkError::Gaps(vec![1, 2])));
        let mut short = Chunks::new(100);
        short.record(0, 60, ()).unwrap();
        assert_eq!(
            short.complete(),
            Err(ChunkError::Short {
                expected: 100,
                received: 60
            })
        );
        let text = short.complete().unwrap_err().to_string();
        assert!(
            text.contains("100 bytes") && text.contains("60 bytes"),
            "{text}"
        );
        assert_eq!(
            Chunks::<()>::new(5).complete(),
            Err(ChunkError::Short {
                expected: 5,
                received: 0
            })
        );
    }

    #[test]
    fn a_repeated_index_replaces_the_earlier_bytes() {
        let mut c = Chunks::new(20);
        c.record(0, 10, ()).unwrap();
        c.record(1, 10, ()).unwrap();
        assert_eq!(c.check_index(0), Ok(()));
        assert_eq!(c.remaining_for(Some(0)), 10);
        c.record(0, 10, ()).unwrap();
        assert_eq!(c.received(), 20);
        assert_eq!(c.count(), 2);
        assert_eq!(c.complete(), Ok(()));
        // A repeat may not bring more than the upload has room for.
        assert!(matches!(
            c.record(1, 11, ()),
            Err(ChunkError::Overrun {
                would_be: 21,
                total: 20
            })
        ));
    }

    #[test]
    fn bytes_past_total_bytes_are_refused_and_what_is_left_shrinks() {
        let mut c = Chunks::new(25);
        assert_eq!(c.remaining(), 25);
        c.record(0, 20, ()).unwrap();
        assert_eq!(c.remaining(), 5);
        assert_eq!(c.check_len(None, 5), Ok(()));
        assert_eq!(
            c.record(1, 6, ()),
            Err(ChunkError::Overrun {
                would_be: 26,
                total: 25
            })
        );
        assert_eq!(c.received(), 20);
        c.record(1, 5, ()).unwrap();
        assert_eq!(c.remaining(), 0);
        assert_eq!(c.complete(), Ok(()));
    }

    #[test]
    fn segments_over_4_mib_are_too_large() {
        let mut c = Chunks::new(100 * MIB);
        assert_eq!(c.check_len(None, 4 * MIB + 1), Err(ChunkError::TooLarge));
        assert_eq!(c.record(0, 5 * MIB, ()), Err(ChunkError::TooLarge));
        assert!(ChunkError::TooLarge.is_too_large());
        assert!(c.record(0, 4 * MIB, ()).is_ok());
    }

    #[test]
    fn indexes_run_from_0_to_999() {
        assert_eq!(parse_index("0"), Ok(0));
        assert_eq!(parse_index(" 999 "), Ok(999));
        assert_eq!(parse_index("1000"), Err(ChunkError::IndexRange(1000)));
        assert_eq!(
            parse_index("99999999999"),
            Err(ChunkError::IndexRange(99_999_999_999))
        );
        assert_eq!(parse_index("-1"), Err(ChunkError::NotANumber("-1".into())));
        assert_eq!(
            parse_index("one"),
            Err(ChunkError::NotANumber("one".into()))
        );
        assert_eq!(
            Chunks::<()>::new(1).check_index(1000),
            Err(ChunkError::IndexRange(1000))
        );
    }
}
