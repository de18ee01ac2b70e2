//! X's media upload as data: its endpoints, the segments of a chunked upload, and the steps
//! one file's upload takes, each with the requests it sends. The uploader follows these steps
//! and the dry run counts their requests, so the two cannot disagree. Pure.

/// Segment size of a chunked upload: 1 MiB, the size known to pass X's edge everywhere (5 MiB
/// has met 413s).
pub const SEGMENT: u64 = 1024 * 1024;
/// X numbers segments 0 to 999.
pub const MAX_SEGMENTS: u64 = 1000;

/// The segment size for a file: 1 MiB, or larger when 1000 segments would not hold it.
pub fn segment_size(total: u64) -> u64 {
    SEGMENT.max(total.div_ceil(MAX_SEGMENTS))
}

/// How many segments a chunked upload of `total` bytes sends.
pub fn segments(total: u64) -> u64 {
    total.div_ceil(segment_size(total)).max(1)
}

/// An endpoint of X's media upload, in the order an upload sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Endpoint {
    /// A whole file in one request.
    Upload,
    /// The start of a chunked upload.
    Initialize,
    /// One segment of a chunked upload.
    Append,
    /// The end of a chunked upload.
    Finalize,
    /// Where X's processing of an upload is (`?command=STATUS`).
    Status,
    /// The alt text and sensitive-media warning of an uploaded file.
    Metadata,
    /// Subtitles attached to an uploaded video.
    Subtitles,
}

impl Endpoint {
    /// Whether it is a `GET` (else a `POST`).
    pub fn is_get(self) -> bool {
        self == Endpoint::Status
    }

    /// `GET` or `POST`.
    pub fn method(self) -> &'static str {
        if self.is_get() { "GET" } else { "POST" }
    }

    /// Its path, the media's id as `:id`.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Upload | Endpoint::Status => "/2/media/upload",
            Endpoint::Initialize => "/2/media/upload/initialize",
            Endpoint::Append => "/2/media/upload/:id/append",
            Endpoint::Finalize => "/2/media/upload/:id/finalize",
            Endpoint::Metadata => "/2/media/metadata",
            Endpoint::Subtitles => "/2/media/subtitles",
        }
    }

    /// Its path for the media `id`.
    pub fn path_for(self, id: &str) -> String {
        self.path().replace(":id", id)
    }
}

/// What decides the requests of one file's upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// Whether it goes up in chunks (a GIF or a video, which X then processes).
    pub chunked: bool,
    /// Its size in bytes.
    pub size: u64,
    /// Whether it has alt text or a sensitive-media warning.
    pub metadata: bool,
    /// The sizes of its subtitle files, in order.
    pub subtitles: Vec<u64>,
}

/// One step of a file's upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The whole file in one request: an image.
    Whole,
    /// The file in `segments` segments, then STATUS while X processes it: a GIF or a video.
    Chunked {
        /// How many segments.
        segments: u64,
    },
    /// Its alt text and warning, in one request.
    Metadata,
    /// Its subtitle file `index` in `segments` segments, then attached to it.
    Subtitles {
        /// Which of the file's subtitles.
        index: usize,
        /// How many segments.
        segments: u64,
    },
}

/// The steps of the upload of a file, in order: the file, its metadata, its subtitles.
pub fn steps(file: &Outline) -> Vec<Step> {
    let mut steps = vec![if file.chunked {
        Step::Chunked {
            segments: segments(file.size),
        }
    } else {
        Step::Whole
    }];
    if file.metadata {
        steps.push(Step::Metadata);
    }
    steps.extend(
        file.subtitles
            .iter()
            .enumerate()
            .map(|(index, size)| Step::Subtitles {
                index,
                segments: segments(*size),
            }),
    );
    steps
}

/// Requests to one endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requests {
    /// Where they go.
    pub endpoint: Endpoint,
    /// How many.
    pub count: u64,
    /// Whether X may ask for more than `count` (STATUS while it processes a video).
    pub or_more: bool,
}

impl Step {
    /// The requests this step sends, in order.
    pub fn requests(self) -> Vec<Requests> {
        let once = |endpoint| Requests {
            endpoint,
            count: 1,
            or_more: false,
        };
        let chunked = |segments| {
            [
                once(Endpoint::Initialize),
                Requests {
                    count: segments,
                    ..once(Endpoint::Append)
                },
                once(Endpoint::Finalize),
            ]
        };
        match self {
            Step::Whole => vec![once(Endpoint::Upload)],
            // X answers the finalize with processing to wait for: one STATUS at least.
            Step::Chunked { segments } => {
                let mut requests = chunked(segments).to_vec();
                requests.push(Requests {
                    or_more: true,
                    ..once(Endpoint::Status)
                });
                requests
            }
            Step::Metadata => vec![once(Endpoint::Metadata)],
            Step::Subtitles { segments, .. } => {
                let mut requests = chunked(segments).to_vec();
                requests.push(once(Endpoint::Subtitles));
                requests
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_a_mebibyte_unless_a_thousand_would_not_hold_the_file() {
        assert_eq!(segment_size(10), SEGMENT);
        assert_eq!(segment_size(512 * 1024 * 1024), SEGMENT);
        assert_eq!(segment_size(1000 * SEGMENT), SEGMENT);
        assert_eq!(segment_size(1000 * SEGMENT + 1), SEGMENT + 1);
        let total = 2000 * SEGMENT;
        assert!(total.div_ceil(segment_size(total)) <= MAX_SEGMENTS);
        assert_eq!(segments(1), 1);
        assert_eq!(segments(SEGMENT), 1);
        assert_eq!(segments(SEGMENT + 1), 2);
        assert_eq!(segments(2000 * SEGMENT), 1000);
    }

    #[test]
    fn a_files_steps_go_in_order_and_name_their_requests() {
        let video = Outline {
            chunked: true,
            size: 3 * SEGMENT,
            metadata: true,
            subtitles: vec![10, SEGMENT + 1],
        };
        let steps = steps(&video);
        assert_eq!(
            steps,
            [
                Step::Chunked { segments: 3 },
                Step::Metadata,
                Step::Subtitles {
                    index: 0,
                    segments: 1
                },
                Step::Subtitles {
                    index: 1,
                    segments: 2
                },
            ]
        );
        let sent: Vec<(&str, String, u64, bool)> = steps
            .iter()
            .flat_map(|step| step.requests())
            .map(|r| {
                (
                    r.endpoint.method(),
                    r.endpoint.path_for("7"),
                    r.count,
                    r.or_more,
                )
            })
            .collect();
        assert_eq!(
            sent[..4],
            [
                ("POST", "/2/media/upload/initialize".into(), 1, false),
                ("POST", "/2/media/upload/7/append".into(), 3, false),
                ("POST", "/2/media/upload/7/finalize".into(), 1, false),
                ("GET", "/2/media/upload".into(), 1, true),
            ]
        );
        assert_eq!(sent[4], ("POST", "/2/media/metadata".into(), 1, false));
        assert_eq!(sent.last().unwrap().1, "/2/media/subtitles");
        let image = Outline {
            chunked: false,
            size: 10,
            metadata: false,
            subtitles: Vec::new(),
        };
        assert_eq!(super::steps(&image), [Step::Whole]);
        assert_eq!(Step::Whole.requests()[0].endpoint.path(), "/2/media/upload");
    }
}
