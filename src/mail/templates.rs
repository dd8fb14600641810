//! The mails' words, as plain text and HTML. What each mail says is here;
//! how it looks (the shop's header, a button, the footer) is in
//! `templates/layout.rs`.

mod layout;

use super::{Message, ShopInfo};

/// A mail ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What one mail says, before it is laid out.
struct Content<'a> {
    subject: String,
    /// The title at the top of the card.
    heading: &'static str,
    first_name: &'a str,
    /// Paragraphs before the button.
    lines: Vec<String>,
    /// The button's words and its link.
    action: Option<(&'static str, &'a str)>,
    /// Paragraphs after the button (how long the link works, what to do if
    /// it was not you).
    notes: Vec<String>,
}

/// Renders a message for the shop.
pub fn render(message: &Message, shop: &ShopInfo) -> Rendered {
    let content = content(message, shop);
    Rendered {
        text: layout::text(&content, shop),
        html: layout::html(&content, shop),
        subject: content.subject,
    }
}

fn content<'a>(message: &'a Message, shop: &ShopInfo) -> Content<'a> {
    let shop_name = &shop.name;
    match message {
        Message::VerifyEmail {
            first_name,
            link,
            valid_for_hours,
        } => Content {
            subject: format!("Confirm your email address for {shop_name}"),
            heading: "Confirm your email address",
            first_name,
            lines: vec![format!(
                "Thank you for creating an account at {shop_name}. Please confirm that this is your email address."
            )],
            action: Some(("Confirm my email", link)),
            notes: vec![
                format!("The link works for {valid_for_hours} hours."),
                "If you did not create an account, you can ignore this mail.".into(),
            ],
        },
        Message::Welcome { first_name } => Content {
            subject: format!("Welcome to {shop_name}"),
            heading: "Welcome",
            first_name,
            lines: vec![
                format!("Your account at {shop_name} is ready."),
                "You can keep your addresses and see your orders whenever you log in.".into(),
            ],
            action: None,
            notes: vec![],
        },
        Message::ResetPassword {
            first_name,
            link,
            valid_for_mins,
        } => Content {
            subject: format!("Reset your {shop_name} password"),
            heading: "Reset your password",
            first_name,
            lines: vec!["Someone asked to reset the password of your account. Choose a new one with the button below.".into()],
            action: Some(("Choose a new password", link)),
            notes: vec![
                format!("The link works for {valid_for_mins} minutes, once."),
                "If it was not you, ignore this mail: your password stays as it is.".into(),
            ],
        },
        Message::PasswordChanged { first_name } => Content {
            subject: format!("Your {shop_name} password was changed"),
            heading: "Your password was changed",
            first_name,
            lines: vec![
                "The password of your account was just changed, and every other device was logged out.".into(),
            ],
            action: None,
            notes: vec![
                "If it was not you, reset your password now and contact us.".into(),
            ],
        },
        Message::Invitation {
            first_name,
            link,
            valid_for_days,
        } => Content {
            subject: format!("Your new {shop_name} account"),
            heading: "Your account is ready",
            first_name,
            lines: vec![format!(
                "{shop_name} has opened an account for you with this email address. Choose a password with the button below to start using it."
            )],
            action: Some(("Choose my password", link)),
            notes: vec![
                format!("The link works for {valid_for_days} days, once. If it has expired, use \"Forgot your password?\" on the login page."),
                "If you did not expect this mail, you can ignore it: nobody can log in to the account until a password is chosen.".into(),
            ],
        },
        Message::ConfirmEmailChange {
            first_name,
            new_email,
            link,
            valid_for_mins,
        } => Content {
            subject: format!("Confirm your new email address for {shop_name}"),
            heading: "Confirm your new email address",
            first_name,
            lines: vec![format!(
                "Please confirm that {new_email} is the new email address of your account."
            )],
            action: Some(("Confirm my new email", link)),
            notes: vec![
                format!("The link works for {valid_for_mins} minutes."),
                "Until you confirm, your account keeps its old address.".into(),
            ],
        },
        Message::EmailChanging {
            first_name,
            new_email,
        } => Content {
            subject: format!("Your {shop_name} email address is being changed"),
            heading: "Your email address is being changed",
            first_name,
            lines: vec![format!(
                "Someone asked to change the email address of your account to {new_email}. The change is made once the new address is confirmed."
            )],
            action: None,
            notes: vec!["If it was not you, change your password now and contact us.".into()],
        },
        Message::OrderPlaced {
            first_name,
            number,
            lines,
            ship_to,
            link,
        } => Content {
            subject: format!("Your {shop_name} order {number}"),
            heading: "Thank you for your order",
            first_name,
            lines: std::iter::once(format!(
                "We have received your order {number}. We will let you know when it ships."
            ))
            .chain(lines.iter().cloned())
            .chain(std::iter::once(format!("Shipping to: {ship_to}")))
            .collect(),
            action: link.as_deref().map(|l| ("View your order", l)),
            notes: vec!["Questions about your order? Reply with its number and we will help.".into()],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> ShopInfo {
        ShopInfo {
            name: "Maple & Oak".into(),
            base_url: "https://shop.example.com".into(),
        }
    }

    const LINK: &str = "https://shop.example.com/reset-password?token=abc-DEF_123";

    fn every_message(first_name: &str) -> Vec<Message> {
        let first_name = first_name.to_string();
        vec![
            Message::VerifyEmail {
                first_name: first_name.clone(),
                link: LINK.into(),
                valid_for_hours: 48,
            },
            Message::Welcome {
                first_name: first_name.clone(),
            },
            Message::ResetPassword {
                first_name: first_name.clone(),
                link: LINK.into(),
                valid_for_mins: 60,
            },
            Message::PasswordChanged {
                first_name: first_name.clone(),
            },
            Message::ConfirmEmailChange {
                first_name: first_name.clone(),
                new_email: "new@example.com".into(),
                link: LINK.into(),
                valid_for_mins: 45,
            },
            Message::EmailChanging {
                first_name: first_name.clone(),
                new_email: "new@example.com".into(),
            },
            Message::Invitation {
                first_name: first_name.clone(),
                link: LINK.into(),
                valid_for_days: 7,
            },
            Message::OrderPlaced {
                first_name,
                number: "7KQ2-M9XD".into(),
                lines: vec!["2 x Tea: $36.00".into(), "Total: $41.00".into()],
                ship_to: "Ann Lee, 24 Sussex Drive, Ottawa".into(),
                link: Some("https://shop.example.com/account/orders/7KQ2-M9XD".into()),
            },
        ]
    }

    #[test]
    fn every_message_renders_subject_text_and_html() {
        for message in every_message("Ann") {
            let r = render(&message, &shop());
            assert!(r.subject.contains("Maple & Oak"), "{message:?}");
            assert!(!r.subject.contains('\n'));
            assert!(r.text.starts_with("Hello Ann,\n\n"), "{}", r.text);
            assert!(r.text.contains("https://shop.example.com"));
            assert!(r.html.starts_with("<!DOCTYPE html>"));
            assert!(r.html.contains("Hello Ann,"));
            // The shop's look: its name in the header, the accent colour,
            // inline styles only.
            assert!(r.html.contains("Maple &amp; Oak"));
            assert!(!r.html.contains("Maple & Oak"));
            assert!(r.html.contains("#4f46e5") || message.link().is_none());
            assert!(!r.html.contains("<style"));
            assert!(!r.html.contains("<script"));
            assert!(r.html.ends_with("</html>\n"));
        }
    }

    #[test]
    fn the_link_is_in_both_bodies_as_a_button_and_as_text() {
        for message in every_message("Ann") {
            let r = render(&message, &shop());
            match message.link() {
                Some(link) => {
                    assert!(r.text.contains(&format!("\n{link}\n")), "{}", r.text);
                    assert_eq!(r.html.matches(&format!("href=\"{link}\"")).count(), 2);
                    assert!(r.html.contains(&format!(">{link}</a>")));
                }
                None => assert!(!r.text.contains("token=") && !r.html.contains("token=")),
            }
        }
    }

    #[test]
    fn everything_from_outside_is_escaped() {
        let shop = ShopInfo {
            name: "<b>Shop</b>".into(),
            base_url: "https://shop.example.com".into(),
        };
        let mut message = every_message("<script>alert(1)</script>");
        message.push(Message::ConfirmEmailChange {
            first_name: "Ann".into(),
            new_email: "\"><img src=x>@example.com".into(),
            link: "https://shop.example.com/x?token=a\"b".into(),
            valid_for_mins: 60,
        });
        for message in message {
            let r = render(&message, &shop);
            assert!(!r.html.contains("<script>"), "{}", r.html);
            assert!(!r.html.contains("<b>Shop"));
            assert!(!r.html.contains("<img"));
            assert!(!r.html.contains("a\"b"));
            if let Message::ConfirmEmailChange { new_email, .. } = &message {
                if new_email.starts_with('"') {
                    assert!(r.html.contains("&quot;&gt;&lt;img src=x&gt;@example.com"));
                    continue;
                }
            }
            assert!(r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            // Plain text is plain: the name as typed.
            assert!(r.text.contains("Hello <script>alert(1)</script>,"));
        }
    }

    #[test]
    fn how_long_a_link_works_is_said() {
        let texts: Vec<Rendered> = every_message("Ann")
            .iter()
            .map(|m| render(m, &shop()))
            .collect();
        for (i, words) in [
            (0, "48 hours"),
            (2, "60 minutes, once"),
            (4, "45 minutes"),
            (6, "7 days, once"),
        ] {
            assert!(texts[i].text.contains(words), "{}", texts[i].text);
            assert!(texts[i].html.contains(words), "{}", texts[i].html);
        }
        let change = &texts[4];
        assert!(change.text.contains("new@example.com"));
        assert!(texts[5].html.contains("new@example.com"));
    }
}
