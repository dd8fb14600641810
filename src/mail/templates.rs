//! The mails' words, as plain text and HTML.

use super::{Message, ShopInfo};

/// A mail ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Escapes text for HTML element content and attribute values.
fn escape(s: &str) -> String {
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

/// Renders a message for the shop.
pub fn render(message: &Message, shop: &ShopInfo) -> Rendered {
    let (subject, greeting, lines, link) = match message {
        Message::VerifyEmail {
            first_name,
            link,
            valid_for_hours,
        } => (
            format!("Confirm your email address for {}", shop.name),
            first_name,
            vec![
                "Please confirm that this is your email address.".to_string(),
                format!("The link works for {valid_for_hours} hours."),
            ],
            Some(("Confirm my email", link.as_str())),
        ),
        Message::Welcome { first_name } => (
            format!("Welcome to {}", shop.name),
            first_name,
            vec![format!("Your account at {} is ready.", shop.name)],
            None,
        ),
        Message::ResetPassword {
            first_name,
            link,
            valid_for_mins,
        } => (
            format!("Reset your {} password", shop.name),
            first_name,
            vec![
                "Someone asked to reset the password of your account.".to_string(),
                format!("The link works for {valid_for_mins} minutes, once. If it was not you, ignore this mail."),
            ],
            Some(("Choose a new password", link.as_str())),
        ),
        Message::PasswordChanged { first_name } => (
            format!("Your {} password was changed", shop.name),
            first_name,
            vec![
                "The password of your account was just changed, and every other device was logged out.".to_string(),
                "If it was not you, reset your password now and contact us.".to_string(),
            ],
            None,
        ),
        Message::ConfirmEmailChange {
            first_name,
            new_email,
            link,
            valid_for_mins,
        } => (
            format!("Confirm your new email address for {}", shop.name),
            first_name,
            vec![
                format!("Confirm that {new_email} is your new email address."),
                format!("The link works for {valid_for_mins} minutes."),
            ],
            Some(("Confirm my new email", link.as_str())),
        ),
        Message::EmailChanging {
            first_name,
            new_email,
        } => (
            format!("Your {} email address is being changed", shop.name),
            first_name,
            vec![
                format!("Someone asked to change the email address of your account to {new_email}."),
                "If it was not you, change your password now and contact us.".to_string(),
            ],
            None,
        ),
    };
    let mut text = format!("Hello {greeting},\n\n");
    for line in &lines {
        text.push_str(line);
        text.push_str("\n\n");
    }
    if let Some((_, url)) = link {
        text.push_str(url);
        text.push_str("\n\n");
    }
    text.push_str(&format!("-- {}\n{}\n", shop.name, shop.base_url));
    let mut html = format!("<p>Hello {},</p>", escape(greeting));
    for line in &lines {
        html.push_str(&format!("<p>{}</p>", escape(line)));
    }
    if let Some((label, url)) = link {
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape(url),
            escape(label)
        ));
    }
    html.push_str(&format!("<p>{}</p>", escape(&shop.name)));
    Rendered {
        subject,
        text,
        html,
    }
}
