//! QR codes for exports (feature `qr`): Unicode half-block text for terminals, and PNG images.
//!
//! Codes use error-correction level M and a 4-module quiet zone (what scanners expect). The
//! text they encode is usually an otpauth or migration URI, i.e. a secret: do not log the output.

use qrcode::{Color, EcLevel, QrCode};

/// Quiet zone around the code, in modules.
pub const QUIET_ZONE: usize = 4;
/// Largest accepted PNG scale (pixels per module).
pub const MAX_SCALE: u32 = 64;

/// Why a QR code could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The text does not fit in the largest QR code (version 40) at level M.
    #[error("text too long for a QR code ({len} bytes)")]
    TooLong { len: usize },
    /// `scale` was 0 or above [`MAX_SCALE`].
    #[error("scale must be between 1 and {MAX_SCALE}, got {0}")]
    InvalidScale(u32),
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

/// The module matrix with its quiet zone: `true` = dark. Row-major, `size × size`.
fn modules(text: &str) -> Result<(Vec<bool>, usize), QrError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| QrError::TooLong { len: text.len() })?;
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let colors = code.to_colors();
    let mut grid = vec![false; size * size];
    for y in 0..width {
        for x in 0..width {
            grid[(y + QUIET_ZONE) * size + x + QUIET_ZONE] = colors[y * width + x] == Color::Dark;
        }
    }
    Ok((grid, size))
}

/// The code as text, two module rows per line with `█ ▀ ▄` and spaces, dark modules drawn as
/// ink: for terminals with a light background (and for printing). See [`qr_terminal_inverted`]
/// for dark backgrounds.
pub fn qr_terminal(text: &str) -> Result<String, QrError> {
    render_text(text, false)
}

/// Like [`qr_terminal`] but drawing the light modules, so that the code reads correctly on a
/// terminal with a dark background.
pub fn qr_terminal_inverted(text: &str) -> Result<String, QrError> {
    render_text(text, true)
}

fn render_text(text: &str, invert: bool) -> Result<String, QrError> {
    let (grid, size) = modules(text)?;
    let ink = |x: usize, y: usize| y < size && grid[y * size + x] != invert;
    let mut out = String::with_capacity((size + 1) * size.div_ceil(2) * 3);
    for y in (0..size).step_by(2) {
        for x in 0..size {
            out.push(match (ink(x, y), ink(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    Ok(out)
}

/// The code as an 8-bit greyscale PNG, `scale` pixels per module (1–[`MAX_SCALE`]), black on
/// white with the quiet zone.
pub fn qr_png(text: &str, scale: u32) -> Result<Vec<u8>, QrError> {
    if scale == 0 || scale > MAX_SCALE {
        return Err(QrError::InvalidScale(scale));
    }
    let (grid, size) = modules(text)?;
    let scale = scale as usize;
    let pixels = size * scale;
    let mut data = Vec::with_capacity(pixels * pixels);
    for y in 0..pixels {
        for x in 0..pixels {
            let dark = grid[(y / scale) * size + x / scale];
            data.push(if dark { 0u8 } else { 255u8 });
        }
    }
    let side = u32::try_from(pixels).map_err(|_| QrError::InvalidScale(scale as u32))?;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let png_err = |e: png::EncodingError| QrError::Png(e.to_string());
        let mut writer = encoder.write_header().map_err(png_err)?;
        writer.write_image_data(&data).map_err(png_err)?;
        writer.finish().map_err(png_err)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_rows_and_quiet_zone() {
        let out = qr_terminal("hello").unwrap();
        let lines: Vec<&str> = out.lines().collect();
        // Version 1: 21 modules + 2·4 quiet zone = 29 columns, 15 lines.
        assert_eq!(lines.len(), 15);
        assert!(lines.iter().all(|l| l.chars().count() == 29));
        assert!(lines[0].chars().all(|c| c == ' '));
        let inverted = qr_terminal_inverted("hello").unwrap();
        assert!(inverted.lines().next().unwrap().chars().all(|c| c == '█'));
    }

    #[test]
    fn errors() {
        assert_eq!(qr_png("x", 0), Err(QrError::InvalidScale(0)));
        assert_eq!(qr_png("x", 65), Err(QrError::InvalidScale(65)));
        let long = "x".repeat(4000);
        assert_eq!(qr_terminal(&long), Err(QrError::TooLong { len: 4000 }));
    }
}
