//! QR codes (feature `qr`): the PNG and the terminal rendering both decode (with `rqrr`) back to
//! the exported text.
#![cfg(feature = "qr")]

use otpkit::import::qr::{qr_png, qr_terminal, qr_terminal_inverted, QrError, QUIET_ZONE};
use otpkit::import::{export_google_migration, export_otpauth_list, ImportedAccount};
use otpkit::{OtpAuthUri, Secret};

fn decode_grey(width: usize, height: usize, pixel: impl Fn(usize, usize) -> u8) -> String {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, pixel);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code expected");
    grids[0].decode().unwrap().1
}

fn sample_uri() -> String {
    let account = ImportedAccount::new(OtpAuthUri::new_totp(
        Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap(),
        Some("ACME Co".into()),
        "alice@example.com".into(),
    ));
    export_otpauth_list(&[account]).trim_end().to_string()
}

#[test]
fn png_decodes_to_the_text() {
    let text = sample_uri();
    let png_bytes = qr_png(&text, 4).unwrap();
    assert_eq!(&png_bytes[..8], b"\x89PNG\r\n\x1a\n");

    let decoder = png::Decoder::new(std::io::Cursor::new(&png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.width, info.height);
    assert_eq!(info.width % 4, 0);
    let modules = info.width as usize / 4;
    assert!(modules >= 21 + 2 * QUIET_ZONE);
    let width = info.width as usize;
    // Quiet zone is white.
    assert!(buf[..width * 4 * QUIET_ZONE].iter().all(|&p| p == 255));
    assert_eq!(decode_grey(width, width, |x, y| buf[y * width + x]), text);
}

#[test]
fn migration_export_qr_round_trip() {
    let accounts: Vec<ImportedAccount> = (0..10u8)
        .map(|i| {
            ImportedAccount::new(OtpAuthUri::new_totp(
                Secret::from_bytes(vec![i + 1; 20]).unwrap(),
                Some(format!("Issuer {i}")),
                format!("user{i}@example.com"),
            ))
        })
        .collect();
    let uris = export_google_migration(&accounts).unwrap();
    assert_eq!(uris.len(), 1);
    let png_bytes = qr_png(&uris[0], 3).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(&png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let width = info.width as usize;
    assert_eq!(
        decode_grey(width, width, |x, y| buf[y * width + x]),
        uris[0]
    );
}

/// Turns half-block text back into a module grid (dark = `ink` when not inverted).
fn grid_from_text(text: &str, inverted: bool) -> (Vec<Vec<bool>>, usize) {
    let mut rows: Vec<Vec<bool>> = Vec::new();
    for line in text.lines() {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (t, b) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected character {other:?}"),
            };
            top.push(t != inverted);
            bottom.push(b != inverted);
        }
        rows.push(top);
        rows.push(bottom);
    }
    let width = rows[0].len();
    rows.truncate(width); // the last text line may carry a padding row
    (rows, width)
}

#[test]
fn terminal_renderings_decode_to_the_text() {
    let text = sample_uri();
    for inverted in [false, true] {
        let rendered = if inverted {
            qr_terminal_inverted(&text).unwrap()
        } else {
            qr_terminal(&text).unwrap()
        };
        let (grid, modules) = grid_from_text(&rendered, inverted);
        let scale = 4;
        let side = modules * scale;
        let decoded = decode_grey(
            side,
            side,
            |x, y| {
                if grid[y / scale][x / scale] {
                    0
                } else {
                    255
                }
            },
        );
        assert_eq!(decoded, text, "inverted={inverted}");
    }
}

#[test]
fn errors_are_typed() {
    assert_eq!(qr_png("x", 0), Err(QrError::InvalidScale(0)));
    assert!(matches!(
        qr_terminal(&"x".repeat(5000)),
        Err(QrError::TooLong { len: 5000 })
    ));
}
