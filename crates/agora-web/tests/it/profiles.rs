//! What people show of themselves: a name and bio they change, a picture made small and
//! stripped on the server, and names abbreviated where the city chose so. Also invites
//! from a spreadsheet.

use agora_testkit::{TestApp, db_tests};
use axum::http::{Method, StatusCode, header};
use serde_json::json;

db_tests!(
    people_change_their_name_bio_and_picture,
    names_are_abbreviated_where_the_city_chose_so,
    staff_invite_people_from_a_spreadsheet,
);

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

async fn put_avatar(app: &TestApp, token: &str, file: &[u8]) -> agora_testkit::TestResponse {
    app.send_file(Method::PUT, "/api/v1/me/avatar", token, "me.png", file).await
}

async fn people_change_their_name_bio_and_picture(app: TestApp) {
    let amira = app.user("Amira").await;
    let mut browser = app.visitor();
    browser.sign_in(&amira).await;
    let page = browser.get("/account").await.text();
    assert!(page.contains("Your profile") && page.contains("id=\"bio\""), "{page}");

    // Name and bio, in the page; a wrong one is shown again with what was typed.
    let r = browser.post_form("/account/profile", &[("name", "Amira Haddad"), ("bio", "Cycles to work.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().contains("done=profile-saved"));
    let me = app.get("/api/v1/me", Some(&amira.token)).await.json();
    assert_eq!((me["name"].clone(), me["bio"].clone()), (json!("Amira Haddad"), json!("Cycles to work.")));
    let long = "x".repeat(501);
    let r = browser.post_form("/account/profile", &[("name", ""), ("bio", &long)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains(&long), "what was typed is kept");
    assert_eq!(app.get("/api/v1/me", Some(&amira.token)).await.json()["name"], "Amira Haddad");

    // A picture: stored as a 256-pixel square JPEG, served by its own address.
    let r = browser.post_file("/account/avatar", &[], Some(("avatar", "me.png", &png(800, 600)))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let me = app.get("/api/v1/me", Some(&amira.token)).await.json();
    let url = me["avatar_url"].as_str().unwrap().to_owned();
    let path = url.strip_prefix("http://127.0.0.1").unwrap();
    assert!(browser.get("/account").await.text().contains(&path.replace('&', "&amp;")));
    let picture = browser.get(path).await;
    assert_eq!(picture.status, StatusCode::OK);
    assert_eq!(picture.headers[header::CONTENT_TYPE], "image/jpeg");
    let decoded = image::load_from_memory(&picture.body).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (256, 256));

    // What is not a picture, or too big, is refused with a clear message; the old
    // picture stays.
    let r = browser.post_file("/account/avatar", &[], Some(("avatar", "me.html", b"<script>alert(1)</script>"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("This is not a picture Agora can read"), "{}", r.text());
    let huge = vec![7u8; 6 * 1024 * 1024];
    let r = browser.post_file("/account/avatar", &[], Some(("avatar", "huge.png", &huge))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(browser.get(path).await.body, picture.body);

    // Anyone sees the name, bio and picture on the page of a person who takes part;
    // nobody finds the others by trying numbers.
    assert_eq!(app.visitor().get(&format!("/people/{}", amira.id)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.visitor().get(path).await.status, StatusCode::NOT_FOUND, "the picture neither");
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    app.idea(project, &amira, "Shade on the Vrijdagmarkt").await;
    assert_eq!(app.get(&format!("/api/v1/users/{}", admin.id), None).await.status, StatusCode::NOT_FOUND);
    let profile = app.visitor().get(&format!("/people/{}", amira.id)).await.text();
    assert!(
        profile.contains("Amira Haddad") && profile.contains("Cycles to work.") && profile.contains(path),
        "{profile}"
    );
    let public = app.get(&format!("/api/v1/users/{}", amira.id), None).await.json();
    assert_eq!((public["bio"].clone(), public["avatar_url"].clone()), (json!("Cycles to work."), json!(url)));
    assert!(public.get("email").is_none(), "no address in public");
    assert_eq!(app.visitor().get("/people/999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.visitor().get(path).await.body, picture.body, "seen by anyone now");

    // The same through the API.
    let r = put_avatar(&app, &amira.token, b"GIF89a but not really").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (r.json()["fields"][0]["field"].clone(), r.json()["fields"][0]["problem"].clone()),
        (json!("file"), json!("not_an_image"))
    );
    assert_eq!(put_avatar(&app, &amira.token, &png(64, 64)).await.status, StatusCode::NO_CONTENT);
    let r = app.request(Method::PATCH, "/api/v1/me", Some(json!({"bio": "Walks now."})), Some(&amira.token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!((r.json()["name"].clone(), r.json()["bio"].clone()), (json!("Amira Haddad"), json!("Walks now.")));
    let r = app.request(Method::PATCH, "/api/v1/me", Some(json!({"name": "a\u{7}b"})), Some(&amira.token)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.delete("/api/v1/me/avatar", Some(&amira.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", Some(&amira.token)).await.json()["avatar_url"], json!(null));
    assert_eq!(app.visitor().get(path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(put_avatar(&app, "not-a-token", &png(8, 8)).await.status, StatusCode::UNAUTHORIZED);
}

async fn names_are_abbreviated_where_the_city_chose_so(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let jane = app.user("Jane Doe").await;
    let idea = app.idea(project, &jane, "More benches").await;
    let comment = json!({"body": {"en": "And shade."}});
    app.post(&format!("/api/v1/ideas/{idea}/comments"), comment, Some(&jane.token)).await;
    let idea_path = format!("/ideas/{idea}");
    assert!(app.visitor().get(&idea_path).await.text().contains("Jane Doe"));

    // Only administrators choose; the page asks nothing else.
    let not_admin = app.put("/api/v1/admin/names", json!({"abbreviate_names": true}), Some(&jane.token)).await;
    assert_eq!(not_admin.status, StatusCode::FORBIDDEN);
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    assert!(
        !staff
            .get("/admin/people")
            .await
            .text()
            .contains("id=\"abbreviate\" name=\"abbreviate\" value=\"true\" checked")
    );
    let r = staff.post_form("/admin/people/names", &[("abbreviate", "true")]).await;
    assert!(r.location().contains("done=names-saved"), "{}", r.location());

    // Pages and the API show "Jane D.", for the idea and the comment alike.
    let page = app.visitor().get(&idea_path).await.text();
    assert!(page.contains("Jane D.") && !page.contains("Jane Doe"), "{page}");
    let api = app.get(&format!("/api/v1/ideas/{idea}"), None).await.text();
    assert!(api.contains("Jane D.") && !api.contains("Jane Doe"), "{api}");
    let comments = app.get(&format!("/api/v1/ideas/{idea}/comments"), None).await.text();
    assert!(comments.contains("Jane D.") && !comments.contains("Jane Doe"), "{comments}");
    // So do notifications, in the app and by mail.
    let omar = app.user("Omar Said").await;
    let comment = json!({"body": {"en": "Near the fountain?"}});
    app.post(&format!("/api/v1/ideas/{idea}/comments"), comment, Some(&omar.token)).await;
    let notifications = app.get("/api/v1/notifications", Some(&jane.token)).await.text();
    assert!(notifications.contains("Omar S.") && !notifications.contains("Omar Said"), "{notifications}");
    let mails = app.mail_files().join("\n");
    assert!(mails.contains("Omar S.") && !mails.contains("Omar Said"), "{mails}");
    // Their profile page, linked from the idea, says so too.
    assert!(page.contains(&format!("href=\"/people/{}\"", jane.id)), "{page}");
    let profile = app.visitor().get(&format!("/people/{}", jane.id)).await.text();
    assert!(profile.contains("<h1>Jane D.</h1>"), "{profile}");
    assert_eq!(app.get(&format!("/api/v1/users/{}", jane.id), None).await.json()["name"], "Jane D.");
    // Staff still find the person by their whole name.
    assert!(staff.get("/admin/people?q=jane").await.text().contains("Jane Doe"));

    assert_eq!(
        app.put("/api/v1/admin/names", json!({"abbreviate_names": false}), Some(&admin.token)).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(app.visitor().get(&idea_path).await.text().contains("Jane Doe"));
}

async fn staff_invite_people_from_a_spreadsheet(app: TestApp) {
    let admin = app.admin().await;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows = [["email", "name"], ["noor@example.org", "Noor"], ["not an address", "X"], ["lars@example.org", ""]];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), *cell).unwrap();
        }
    }
    let xlsx = workbook.save_to_buffer().unwrap();
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    staff.get("/admin/people").await;
    let r = staff.post_file("/admin/people/invite-file", &[], Some(("file", "people.xlsx", &xlsx))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let report = r.text();
    assert!(report.contains("2 invited, 0 with an account already, 1 lines refused."), "{report}");
    assert!(report.contains('3'), "row 3 is refused: {report}");
    let invited = "SELECT COUNT(*) FROM users WHERE email IN ('noor@example.org', 'lars@example.org')";
    assert_eq!(agora_db::testing::count(&app.db, invited).await.unwrap(), 2);
    // A file that is neither: refused, nothing made.
    let r = staff.post_file("/admin/people/invite-file", &[], Some(("file", "x.xlsx", b"PK\x03\x04broken"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}
