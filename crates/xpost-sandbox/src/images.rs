//! Image dimensions read from the first bytes of PNG, GIF, JPEG and WEBP files, so upload
//! answers can carry X's `image.w` and `image.h`. Anything unreadable gives `None`.

/// Width and height in pixels, if the header can be read.
pub(crate) fn dimensions(mime: &str, bytes: &[u8]) -> Option<(u32, u32)> {
    match mime {
        "image/png" => png(bytes),
        "image/gif" => gif(bytes),
        "image/jpeg" => jpeg(bytes),
        "image/webp" => webp(bytes),
        _ => None,
    }
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

fn png(b: &[u8]) -> Option<(u32, u32)> {
    if b.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(b.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(b.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

fn gif(b: &[u8]) -> Option<(u32, u32)> {
    Some((le16(b, 6)?, le16(b, 8)?))
}

fn jpeg(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        while *b.get(at)? != 0xFF {
            at += 1;
        }
        while *b.get(at)? == 0xFF {
            at += 1;
        }
        let marker = *b.get(at)?;
        at += 1;
        if matches!(marker, 0x01 | 0xD0..=0xD9) {
            continue;
        }
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            return Some((be16(b, at + 5)?, be16(b, at + 3)?));
        }
        at += usize::try_from(be16(b, at)?).ok()?;
    }
}

fn webp(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF)),
        b"VP8L" => {
            let s = b.get(21..25)?;
            let (b0, b1, b2, b3) = (
                u32::from(s[0]),
                u32::from(s[1]),
                u32::from(s[2]),
                u32::from(s[3]),
            );
            let w = 1 + (((b1 & 0x3F) << 8) | b0);
            let h = 1 + (((b3 & 0x0F) << 10) | (b2 << 2) | ((b1 & 0xC0) >> 6));
            Some((w, h))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

/// Tiny but well-formed image headers, for tests here and elsewhere in the sandbox.
#[cfg(test)]
pub(crate) mod samples {
    /// The start of a PNG of `w`×`h` (signature and IHDR; CRC not checked by anyone here).
    pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    /// The start of a GIF89a of `w`×`h`.
    pub(crate) fn gif(w: u16, h: u16) -> Vec<u8> {
        let mut b = b"GIF89a".to_vec();
        b.extend_from_slice(&w.to_le_bytes());
        b.extend_from_slice(&h.to_le_bytes());
        b.extend_from_slice(&[0, 0, 0]);
        b
    }

    /// A JPEG with an APP0 segment, then a baseline frame header of `w`×`h`.
    pub(crate) fn jpeg(w: u16, h: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_png_gif_and_jpeg_headers() {
        assert_eq!(
            dimensions("image/png", &samples::png(640, 480)),
            Some((640, 480))
        );
        assert_eq!(dimensions("image/gif", &samples::gif(3, 2)), Some((3, 2)));
        assert_eq!(
            dimensions("image/jpeg", &samples::jpeg(1024, 768)),
            Some((1024, 768))
        );
    }

    #[test]
    fn reads_the_three_webp_flavours() {
        let mut lossy = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0\0\0\0\x9d\x01\x2a".to_vec();
        lossy.extend_from_slice(&[0x40, 0x01, 0xF0, 0x00]);
        assert_eq!(dimensions("image/webp", &lossy), Some((320, 240)));

        // VP8L packs width-1 and height-1 in 14 bits each: 99 and 49 here.
        let mut lossless = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f".to_vec();
        let bits: u32 = 99 | (49 << 14);
        lossless.extend_from_slice(&bits.to_le_bytes());
        assert_eq!(dimensions("image/webp", &lossless), Some((100, 50)));

        let mut extended = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0".to_vec();
        extended.extend_from_slice(&[0xFF, 0x03, 0x00, 0x7F, 0x02, 0x00]);
        assert_eq!(dimensions("image/webp", &extended), Some((1024, 640)));
    }

    #[test]
    fn truncated_or_unknown_headers_give_none() {
        assert_eq!(dimensions("image/png", b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(dimensions("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]), None);
        assert_eq!(dimensions("video/mp4", &samples::png(1, 1)), None);
    }
}
