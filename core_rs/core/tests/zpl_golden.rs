//! Golden files for generated ZPL (`tests/golden/*.zpl`).
//!
//! Each test builds a label and compares its ZPL with the file byte for byte.  After a
//! deliberate change, rewrite the files and review the diff:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test -p kolektor-core --test zpl_golden
//! ```
//!
//! The labels are realistic: a 4 × 6 in shipping label with Polish addresses, an SSCC in
//! GS1-128, a GS1 DataMatrix, a QR tracking link, boxes and a logo, at 8, 12 and 24 dpmm;
//! every rotation; and a small label with graphics in ACS and in Z64.

use std::path::PathBuf;

use kolektor_core::zpl::{
    decode_graphics, gs1, Bitmap, Code128, Conversion, DataMatrix, DataMatrixContent, Dpmm,
    GraphicBox, GraphicEncoding, GraphicImage, Gs1Code128, Justification, Label, Line, Qr,
    Rotation, Text, TextBlock,
};

fn golden(name: &str, zpl: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "golden", name]
        .iter()
        .collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, zpl).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; create it with UPDATE_GOLDEN=1 cargo test -p kolektor-core --test zpl_golden",
            path.display()
        )
    });
    if expected != zpl {
        let line = expected
            .lines()
            .zip(zpl.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(zpl.lines().count()));
        panic!(
            "{name} differs from the generated ZPL at line {}:\n  golden:    {:?}\n  generated: {:?}\n\
             If the change is intended, run UPDATE_GOLDEN=1 cargo test -p kolektor-core \
             --test zpl_golden and review the diff.",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end of file>"),
            zpl.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}

/// Checks every golden label must pass whatever its content.
fn well_formed(zpl: &str) {
    assert!(zpl.starts_with("^XA^CI28^PW"), "header");
    assert!(zpl.ends_with("^XZ\n"), "footer");
    assert_eq!(zpl.matches("^XA").count(), 1);
    assert_eq!(zpl.matches("^XZ").count(), 1);
    assert!(!zpl.contains('~'), "no control command anywhere");
    // Every field ends with ^FS: data fields, graphic boxes and graphic fields.
    let fields = ["^FD", "^GB", "^GF"].map(|c| zpl.matches(c).count());
    assert_eq!(zpl.matches("^FS").count(), fields.iter().sum::<usize>());
    for line in zpl.lines().skip(1) {
        assert!(line.starts_with("^FO") || line.starts_with("^PQ"), "{line}");
        assert!(line.ends_with("^FS") || line.ends_with("^XZ"), "{line}");
    }
    decode_graphics(zpl).expect("every graphic field decodes");
}

/// A round logo with a K, drawn at the label's resolution: `size_mm` square, grayscale.
fn logo(dpmm: Dpmm, size_mm: f64) -> (Vec<u8>, usize) {
    let n = dpmm.dots(size_mm) as usize;
    let s = n as f64;
    let mut pixels = vec![255u8; n * n];
    let near_segment = |px: f64, py: f64, (ax, ay): (f64, f64), (bx, by): (f64, f64), r: f64| {
        let (dx, dy) = (bx - ax, by - ay);
        let t = (((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
        let (cx, cy) = (ax + t * dx - px, ay + t * dy - py);
        cx * cx + cy * cy <= r * r
    };
    for y in 0..n {
        for x in 0..n {
            let (u, v) = ((x as f64 + 0.5) / s - 0.5, (y as f64 + 0.5) / s - 0.5);
            let r = (u * u + v * v).sqrt();
            let ring = (0.42..=0.5).contains(&r);
            let stem = (-0.22..=-0.12).contains(&u) && v.abs() <= 0.27;
            let arm = near_segment(u, v, (-0.14, 0.02), (0.2, -0.27), 0.05);
            let leg = near_segment(u, v, (-0.06, -0.04), (0.2, 0.27), 0.05);
            if ring || stem || arm || leg {
                pixels[y * n + x] = 0;
            } else if r < 0.42 {
                // A light shade inside the ring: white at threshold 128, dots when dithered.
                pixels[y * n + x] = (150.0 + 200.0 * r) as u8;
            }
        }
    }
    (pixels, n)
}

fn text(x: f64, y: f64, content: &str, height: f64) -> Text {
    Text::new(x, y, content, height)
}

fn block(x: f64, y: f64, content: &str, height: f64, width: f64, lines: u32) -> Text {
    let mut t = Text::new(x, y, content, height);
    t.block = Some(TextBlock {
        width,
        lines,
        line_spacing: 0.0,
        justification: Justification::Left,
    });
    t
}

/// The 4 × 6 in shipping label of a packed order.
fn shipping_label(dpmm: Dpmm) -> String {
    let mut label = Label::new(101.6, 152.4, dpmm).unwrap();
    let mut frame = GraphicBox::new(2.0, 2.0, 97.6, 148.4);
    frame.thickness = 0.5;
    frame.rounding = 1;
    label.add(frame).unwrap();

    let mut side = text(3.0, 30.0, "Kolektor · ZK 184/2026 · 2026-11-30", 2.5);
    side.rotation = Rotation::Bottom270;
    label.add(side).unwrap();

    label.add(text(8.0, 5.0, "NADAWCA", 2.5)).unwrap();
    label
        .add(block(
            8.0,
            8.5,
            "Sklep Przykład sp. z o.o.\nul. Żółkiewskiego 12/3\n31-539 Kraków\ntel. +48 12 345 67 89",
            3.0,
            62.0,
            4,
        ))
        .unwrap();
    let (pixels, n) = logo(dpmm, 22.0);
    label
        .add(GraphicImage {
            x: 75.0,
            y: 4.0,
            bitmap: Bitmap::from_gray(&pixels, n, n, Conversion::Threshold(128)).unwrap(),
            encoding: GraphicEncoding::Z64,
        })
        .unwrap();

    let mut rule = Line::new(2.0, 28.0, 97.6);
    rule.thickness = 0.5;
    label.add(rule).unwrap();
    label.add(text(8.0, 30.0, "ODBIORCA", 2.5)).unwrap();
    label
        .add(block(
            8.0,
            34.0,
            "Zofia Wiśniewska-Łęcka\nul. Świętokrzyska 30 m. 5\n00-116 Warszawa\nPOLSKA",
            5.5,
            88.0,
            4,
        ))
        .unwrap();
    label
        .add(text(
            8.0,
            57.5,
            "tel. +48 600 100 200 · zofia.wl@example.pl",
            3.0,
        ))
        .unwrap();

    rule.y = 62.0;
    label.add(rule).unwrap();
    label.add(text(8.0, 64.0, "NUMER PRZESYŁKI", 2.5)).unwrap();
    label
        .add(Code128::new(8.0, 67.5, "620000123456789012345678", 15.0))
        .unwrap();

    rule.y = 88.0;
    label.add(rule).unwrap();
    label.add(text(8.0, 89.5, "SSCC", 2.5)).unwrap();
    let sscc = gs1::parse_hri("(00)059012340000001236").unwrap();
    label.add(Gs1Code128::new(8.0, 92.5, sscc, 20.0)).unwrap();

    rule.y = 118.0;
    label.add(rule).unwrap();
    let shipment = gs1::parse_hri("(00)059012340000001236(410)5901234123457(420)00116").unwrap();
    label
        .add(DataMatrix::new(
            8.0,
            121.0,
            DataMatrixContent::Gs1(shipment),
        ))
        .unwrap();
    label
        .add(Qr::new(
            30.0,
            120.0,
            "https://kolektor.example/sledzenie?nr=620000123456789012345678&utm_source=etykieta",
        ))
        .unwrap();
    let mut info = GraphicBox::new(62.0, 120.5, 35.0, 22.0);
    info.thickness = 0.375;
    label.add(info).unwrap();
    label
        .add(block(
            64.0,
            122.5,
            "Zawartość: 2 szt.\nWaga: 3,45 kg\nPaczka 1/1\nZK 184/2026",
            3.5,
            31.0,
            4,
        ))
        .unwrap();
    // A customer's remark, as typed: the quote marks, ~, ^, _ and the line break must all
    // print as text and never reach the printer as commands.
    label
        .add(block(
            8.0,
            143.5,
            "Uwagi: „Proszę dzwonić ~15 min przed” (kod_bramy: 12^34)\n^XZ",
            2.5,
            88.0,
            2,
        ))
        .unwrap();
    label.zpl()
}

#[test]
fn shipping_label_at_every_resolution() {
    for dpmm in Dpmm::ALL {
        let zpl = shipping_label(dpmm);
        well_formed(&zpl);
        golden(&format!("shipping_label_{}dpmm.zpl", dpmm.dpmm()), &zpl);
    }
}

#[test]
fn the_remark_cannot_end_the_label() {
    let zpl = shipping_label(Dpmm::D8);
    let remark = zpl.lines().find(|l| l.contains("Uwagi")).unwrap();
    assert!(remark.contains("^FH_^FD"));
    assert!(
        remark.contains("_7E15 min") && remark.contains("12_5E34") && remark.contains("\\&_5EXZ")
    );
}

#[test]
fn every_rotation() {
    let mut label = Label::new(101.6, 152.4, Dpmm::D8).unwrap();
    let gtin = gs1::parse_hri("(01)05901234123457").unwrap();
    let places = [
        (Rotation::Normal, 8.0, 8.0),
        (Rotation::Rotated90, 78.0, 8.0),
        (Rotation::Inverted180, 8.0, 72.0),
        (Rotation::Bottom270, 78.0, 72.0),
    ];
    for (rotation, x, y) in places {
        let mut code = Gs1Code128::new(x, y, gtin.clone(), 15.0);
        code.module = 0.375;
        code.rotation = rotation;
        label.add(code).unwrap();
        let mut name = text(x, y + 45.0, &format!("Obrót {}", rotation.letter()), 4.0);
        name.rotation = rotation;
        label.add(name).unwrap();
    }
    let mut tracking = Code128::new(30.0, 50.0, "KOL-184/2026", 10.0);
    tracking.rotation = Rotation::Rotated90;
    label.add(tracking).unwrap();
    let mut dm = DataMatrix::new(50.0, 130.0, DataMatrixContent::Text("ZK 184/2026".into()));
    dm.rotation = Rotation::Bottom270;
    label.add(dm).unwrap();
    let zpl = label.zpl();
    well_formed(&zpl);
    golden("rotations_8dpmm.zpl", &zpl);
}

fn graphics_label(encoding: GraphicEncoding) -> String {
    let mut label = Label::new(50.0, 25.0, Dpmm::D8).unwrap();
    let (pixels, n) = logo(Dpmm::D8, 20.0);
    for (x, conversion) in [
        (2.0, Conversion::Threshold(128)),
        (26.0, Conversion::Dither(128)),
    ] {
        label
            .add(GraphicImage {
                x,
                y: 2.0,
                bitmap: Bitmap::from_gray(&pixels, n, n, conversion).unwrap(),
                encoding,
            })
            .unwrap();
    }
    label.zpl()
}

#[test]
fn graphics_in_acs_and_z64() {
    let acs = graphics_label(GraphicEncoding::Acs);
    let z64 = graphics_label(GraphicEncoding::Z64);
    well_formed(&acs);
    well_formed(&z64);
    golden("graphics_acs_8dpmm.zpl", &acs);
    golden("graphics_z64_8dpmm.zpl", &z64);
    // Both encodings carry the same bits, and they are the bitmaps that were added.
    let (pixels, n) = logo(Dpmm::D8, 20.0);
    let from_acs = decode_graphics(&acs).unwrap();
    let from_z64 = decode_graphics(&z64).unwrap();
    for (k, conversion) in [Conversion::Threshold(128), Conversion::Dither(128)]
        .into_iter()
        .enumerate()
    {
        let bitmap = Bitmap::from_gray(&pixels, n, n, conversion).unwrap();
        assert_eq!(from_acs[k].bitmap.bits(), bitmap.bits());
        assert_eq!(from_z64[k].bitmap.bits(), bitmap.bits());
        assert_eq!(from_acs[k].encoding, GraphicEncoding::Acs);
        assert_eq!(from_z64[k].encoding, GraphicEncoding::Z64);
    }
    // Dithering puts dots in the shaded inside of the ring; the threshold leaves it white.
    let inside = |k: usize| {
        let b = &from_acs[k].bitmap;
        (n / 2 + n / 6..n / 2 + n / 4)
            .filter(|&x| b.pixel(x, n / 2 + n / 8))
            .count()
    };
    assert_eq!(inside(0), 0);
    assert!(inside(1) > 0);
}
