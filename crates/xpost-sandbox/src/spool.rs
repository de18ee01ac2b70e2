//! The disk side of the chunked upload: a multipart field streamed into a file chunk by
//! chunk as it arrives (never gathered in memory), and the first bytes of an upload read
//! back across its segment files, to tell what the media is.

use std::io;
use std::path::{Path, PathBuf};

use axum::extract::multipart::Field;
use axum::http::StatusCode;
use tempfile::TempPath;
use tokio::fs::File;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How many bytes are read back to recognise the media (and an image's dimensions).
pub(crate) const HEAD_BYTES: usize = 64 * 1024;

/// Why a field did not make it to disk.
#[derive(Debug)]
pub(crate) enum SpoolError {
    /// More than the allowed bytes came; at least this many.
    Exceeded(u64),
    /// The request body broke off or exceeded the route's limit (the status to answer).
    Body(StatusCode),
    /// The disk refused.
    Io,
}

/// Writes `field` into a new file at `path`, stopping as soon as it brings more than
/// `limit` bytes. The file is deleted again unless the returned `TempPath` is kept.
pub(crate) async fn write_field(
    field: &mut Field<'_>,
    path: PathBuf,
    limit: u64,
) -> Result<(TempPath, u64), SpoolError> {
    let mut file = File::create(&path).await.map_err(|_| SpoolError::Io)?;
    let guard = TempPath::try_from_path(path).map_err(|_| SpoolError::Io)?;
    let mut written: u64 = 0;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) => return Err(SpoolError::Body(e.status())),
        };
        written += chunk.len() as u64;
        if written > limit {
            return Err(SpoolError::Exceeded(written));
        }
        file.write_all(&chunk).await.map_err(|_| SpoolError::Io)?;
    }
    file.flush().await.map_err(|_| SpoolError::Io)?;
    Ok((guard, written))
}

/// Up to `HEAD_BYTES` from the start of the segment files, taken in order.
pub(crate) async fn read_head(paths: &[PathBuf]) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    for path in paths {
        if head.len() >= HEAD_BYTES {
            break;
        }
        let file = File::open(Path::new(path)).await?;
        let want = (HEAD_BYTES - head.len()) as u64;
        file.take(want).read_to_end(&mut head).await?;
    }
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_head_spans_segment_files_in_order_and_stops_at_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::fs::write(&a, b"\0\0\0\x18ftyp").unwrap();
        std::fs::write(&b, vec![b'm'; HEAD_BYTES]).unwrap();
        let head = read_head(&[a, b]).await.unwrap();
        assert_eq!(head.len(), HEAD_BYTES);
        assert_eq!(&head[..8], b"\0\0\0\x18ftyp");
        assert_eq!(head[8], b'm');
    }
}
