//! People's profiles: the name and short bio they show, their avatar (resized and
//! re-encoded on the server, so nothing of the uploaded file but its picture is kept),
//! and the city's choice to show names abbreviated.

use std::io::Cursor;

use agora_core::permissions::{Actor, admin};
use agora_core::profile::{AVATAR_SIDE, MAX_AVATAR_BYTES, MAX_AVATAR_SIDE, check_bio};
use agora_core::validate::Problems;
use agora_core::{Error, Micros};
use agora_db::users::User;
use agora_db::{Db, Result, profiles};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, Rgb, RgbImage};

pub use agora_db::profiles::{Public, abbreviate_names, avatar, avatar_version, public};

use crate::users::MAX_NAME;

/// The person changes the name and bio they show.
pub async fn update(db: &Db, user: &User, name: &str, bio: &str) -> Result<()> {
    let mut problems = Problems::default();
    problems.text("name", name.trim(), 1, MAX_NAME);
    if name.chars().any(char::is_control) {
        problems.add("name", "invalid", None);
    }
    check_bio(&mut problems, bio.trim());
    problems.into_result()?;
    profiles::update(db, user.id, name.trim(), bio.trim()).await
}

/// A square JPEG of `AVATAR_SIDE` pixels from an uploaded PNG, JPEG, GIF or WebP: the
/// picture is decoded (within limits on size and memory), cropped to its centre,
/// resized, laid on white where it was transparent, and encoded anew, which leaves
/// behind every piece of metadata (EXIF, GPS position, camera, comments) the file held.
pub fn avatar_jpeg(upload: &[u8]) -> std::result::Result<Vec<u8>, Error> {
    if upload.is_empty() {
        return Err(Error::field("avatar", "required"));
    }
    if upload.len() > MAX_AVATAR_BYTES {
        return Err(Error::invalid(vec![agora_core::FieldError {
            field: "avatar".into(),
            problem: "file_too_large",
            limit: Some(MAX_AVATAR_BYTES / (1024 * 1024)),
        }]));
    }
    let not_an_image = || Error::field("avatar", "not_an_image");
    let mut reader = ImageReader::new(Cursor::new(upload)).with_guessed_format().map_err(|_| not_an_image())?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP)) {
        return Err(not_an_image());
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_AVATAR_SIDE);
    limits.max_image_height = Some(MAX_AVATAR_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| not_an_image())?;
    // A phone's photo is stored sideways with a note to turn it: turned here, since the
    // note goes with the rest of the metadata.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| not_an_image())?;
    picture.apply_orientation(orientation);
    let square = picture.resize_to_fill(AVATAR_SIDE, AVATAR_SIDE, FilterType::Triangle).into_rgba8();
    let mut flat = RgbImage::from_pixel(AVATAR_SIDE, AVATAR_SIDE, Rgb([255, 255, 255]));
    for (x, y, pixel) in square.enumerate_pixels() {
        let [r, g, b, a] = pixel.0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        flat.put_pixel(x, y, Rgb([over(r), over(g), over(b)]));
    }
    let mut jpeg = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85);
    DynamicImage::ImageRgb8(flat).write_with_encoder(encoder).map_err(|e| Error::internal(e.to_string()))?;
    Ok(jpeg)
}

/// The most memory one picture may take once decoded (4,096 pixels a side, 4 bytes each).
const MAX_DECODED_BYTES: u64 = 64 * 1024 * 1024;

/// Pictures decoded at once on this app server: each may take `MAX_DECODED_BYTES`, so
/// many uploads at once wait their turn rather than take the server's memory.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The person's new avatar, from the file they uploaded (decoding and resizing run off
/// the request threads, two at a time).
pub async fn set_avatar(db: &Db, user: &User, upload: Vec<u8>, now: Micros) -> Result<()> {
    let turn = DECODING.acquire().await.map_err(|e| Error::internal(e.to_string()))?;
    let jpeg = tokio::task::spawn_blocking(move || avatar_jpeg(&upload))
        .await
        .map_err(|e| Error::internal(e.to_string()))??;
    drop(turn);
    profiles::set_avatar(db, user.id, &jpeg, now).await
}

pub async fn remove_avatar(db: &Db, user: &User) -> Result<()> {
    profiles::remove_avatar(db, user.id).await
}

/// An administrator chooses whether pages show names abbreviated ("Jane D.").
pub async fn set_abbreviate_names(db: &Db, actor: Option<&Actor>, on: bool) -> Result<()> {
    admin(actor)?;
    profiles::set_abbreviate_names(db, on).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbaImage::from_fn(width, height, |x, _| image::Rgba([(x % 256) as u8, 80, 160, 128]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(picture).write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        bytes
    }

    #[test]
    fn avatars_become_small_square_jpegs() {
        let jpeg = avatar_jpeg(&png(640, 480)).unwrap();
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (AVATAR_SIDE, AVATAR_SIDE));
        assert_eq!(image::guess_format(&jpeg).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn nothing_but_the_picture_is_kept() {
        let mut jpeg = Vec::new();
        let picture = image::RgbImage::from_pixel(300, 200, image::Rgb([10, 120, 200]));
        DynamicImage::ImageRgb8(picture).write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg).unwrap();
        // A comment segment after the start of the image, as cameras write their notes.
        let note = b"GPS 51.0543N 3.7174E, taken at home";
        let mut with_note = jpeg[..2].to_vec();
        with_note.extend_from_slice(&[0xFF, 0xFE]);
        with_note.extend_from_slice(&u16::try_from(note.len() + 2).unwrap().to_be_bytes());
        with_note.extend_from_slice(note);
        with_note.extend_from_slice(&jpeg[2..]);
        assert!(image::load_from_memory(&with_note).is_ok(), "still a picture");
        let avatar = avatar_jpeg(&with_note).unwrap();
        assert!(!avatar.windows(3).any(|w| w == b"GPS"), "the note is gone");
    }

    #[test]
    fn a_photo_taken_sideways_comes_out_upright() {
        // Red on the left, blue on the right, with an EXIF note "turn 90° clockwise".
        let picture =
            image::RgbImage::from_fn(
                300,
                100,
                |x, _| if x < 150 { image::Rgb([220, 0, 0]) } else { image::Rgb([0, 0, 220]) },
            );
        let mut jpeg = Vec::new();
        DynamicImage::ImageRgb8(picture).write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg).unwrap();
        let mut exif = vec![0xFF, 0xE1, 0, 34];
        exif.extend_from_slice(b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0");
        let turned = [&jpeg[..2], &exif, &jpeg[2..]].concat();
        let avatar = image::load_from_memory(&avatar_jpeg(&turned).unwrap()).unwrap().into_rgb8();
        let (top, bottom) = (avatar.get_pixel(128, 20).0, avatar.get_pixel(128, 235).0);
        assert!(top[0] > 150 && top[2] < 80, "red on top: {top:?}");
        assert!(bottom[2] > 150 && bottom[0] < 80, "blue below: {bottom:?}");
    }

    #[test]
    fn what_is_not_a_picture_is_refused() {
        let problem = |bytes: &[u8]| avatar_jpeg(bytes).map_err(|e| e.fields[0].problem);
        assert_eq!(problem(b"").unwrap_err(), "required");
        assert_eq!(problem(b"<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap_err(), "not_an_image");
        assert_eq!(problem(b"%PDF-1.7 not a picture").unwrap_err(), "not_an_image");
        // The head of a PNG, cut short.
        assert_eq!(problem(&png(64, 64)[..40]).unwrap_err(), "not_an_image");
        assert_eq!(problem(&vec![0u8; MAX_AVATAR_BYTES + 1]).unwrap_err(), "file_too_large");
    }

    #[test]
    fn a_huge_picture_in_a_small_file_is_refused() {
        // Wider than any avatar needs: refused before its pixels are decoded.
        let huge = png(MAX_AVATAR_SIDE + 1, 8);
        assert_eq!(avatar_jpeg(&huge).map_err(|e| e.fields[0].problem).unwrap_err(), "not_an_image");
    }
}
