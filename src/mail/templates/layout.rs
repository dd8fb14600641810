//! How every mail looks: the shop's header, a card with the words and a
//! button for the link (with the raw link below it, for mail programs that
//! hide buttons), and a footer. Inline CSS only (mail programs drop
//! `<style>`), tables for layout, the colours of `style/main.css`.

use std::fmt::Write as _;

use super::Content;
use crate::mail::ShopInfo;

// The shop's palette (style/main.css).
const ACCENT: &str = "#4f46e5";
const ACCENT_TEXT: &str = "#4338ca";
const ON_ACCENT: &str = "#ffffff";
const TEXT: &str = "#111827";
const MUTED: &str = "#5b6472";
const BG: &str = "#f6f7f9";
const SURFACE: &str = "#ffffff";
const BORDER: &str = "#d9dde3";
const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// Escapes text for HTML element content and attribute values.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The plain-text body: greeting, words, the link on a line of its own,
/// notes, and the shop's signature.
pub(super) fn text(content: &Content<'_>, shop: &ShopInfo) -> String {
    let mut out = format!("Hello {},\n\n", content.first_name);
    for line in &content.lines {
        out.push_str(line);
        out.push_str("\n\n");
    }
    if let Some((label, link)) = content.action {
        let _ = write!(out, "{label}:\n{link}\n\n");
    }
    for note in &content.notes {
        out.push_str(note);
        out.push_str("\n\n");
    }
    let _ = write!(out, "-- \n{}\n{}\n", shop.name, shop.base_url);
    out
}

/// The HTML body.
pub(super) fn html(content: &Content<'_>, shop: &ShopInfo) -> String {
    let shop_name = escape(&shop.name);
    let base_url = escape(&shop.base_url);
    let paragraph = format!("margin:0 0 16px 0;font-size:16px;line-height:24px;color:{TEXT};");
    let note = format!("margin:0 0 12px 0;font-size:14px;line-height:20px;color:{MUTED};");

    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light\">\n<title>{subject}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background-color:{BG};\">\n\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
         style=\"background-color:{BG};\">\n<tr><td align=\"center\" style=\"padding:32px 16px;\">\n\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
         style=\"max-width:560px;font-family:{FONT};\">\n",
        subject = escape(&content.subject),
    );
    // Header: the shop's name, linking home.
    let _ = writeln!(
        out,
        "<tr><td style=\"padding:0 8px 16px 8px;font-size:20px;line-height:28px;font-weight:700;\">\
         <a href=\"{base_url}\" style=\"color:{TEXT};text-decoration:none;\">{shop_name}</a>\
         </td></tr>"
    );
    // The card.
    let _ = write!(
        out,
        "<tr><td style=\"background-color:{SURFACE};border:1px solid {BORDER};border-radius:12px;\
         padding:32px;\">\n<h1 style=\"margin:0 0 16px 0;font-size:22px;line-height:30px;\
         font-weight:700;color:{TEXT};\">{heading}</h1>\n\
         <p style=\"{paragraph}\">Hello {name},</p>\n",
        heading = escape(content.heading),
        name = escape(content.first_name),
    );
    for line in &content.lines {
        let _ = writeln!(out, "<p style=\"{paragraph}\">{}</p>", escape(line));
    }
    if let Some((label, link)) = content.action {
        let link = escape(link);
        let _ = write!(
            out,
            "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
             style=\"margin:8px 0 24px 0;\"><tr><td style=\"border-radius:8px;background-color:{ACCENT};\">\
             <a href=\"{link}\" style=\"display:inline-block;padding:12px 24px;font-size:16px;\
             line-height:24px;font-weight:600;color:{ON_ACCENT};text-decoration:none;\
             border-radius:8px;\">{label}</a></td></tr></table>\n\
             <p style=\"{note}\">If the button does not work, copy this link into your browser:</p>\n\
             <p style=\"margin:0 0 16px 0;font-size:14px;line-height:20px;word-break:break-all;\">\
             <a href=\"{link}\" style=\"color:{ACCENT_TEXT};\">{link}</a></p>\n",
            label = escape(label),
        );
    }
    for line in &content.notes {
        let _ = writeln!(out, "<p style=\"{note}\">{}</p>", escape(line));
    }
    out.push_str("</td></tr>\n");
    // Footer.
    let _ = write!(
        out,
        "<tr><td style=\"padding:16px 8px;font-size:13px;line-height:20px;color:{MUTED};\
         text-align:center;\">You get this mail because of your account at {shop_name}.<br>\
         <a href=\"{base_url}\" style=\"color:{MUTED};\">{base_url}</a></td></tr>\n\
         </table>\n</td></tr>\n</table>\n</body>\n</html>\n"
    );
    out
}
