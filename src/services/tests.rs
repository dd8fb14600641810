//! The mapping from service errors to what clients see.

use super::*;

#[test]
fn waits_are_said_in_words() {
    assert_eq!(human_duration(1), "a second");
    assert_eq!(human_duration(30), "30 seconds");
    assert_eq!(human_duration(90), "a minute");
    assert_eq!(human_duration(900), "15 minutes");
}

#[test]
fn every_service_error_has_its_status() {
    let cases: [(ServiceError, u16); 16] = [
        (ServiceError::Forbidden, 403),
        (ServiceError::BadToken(TokenProblem::Expired), 422),
        (ServiceError::NewEmailTaken, 409),
        (
            ServiceError::TooManyMails {
                retry_after_secs: 60,
            },
            429,
        ),
        (ServiceError::TooManyAddresses { max: 50 }, 422),
        (ServiceError::NotFound(Missing::Address), 404),
        (ServiceError::NotFound(Missing::Country), 404),
        (
            ServiceError::TooManyRegistrations {
                retry_after_secs: 60,
            },
            429,
        ),
        (FieldErrors::single("email", "bad").into(), 422),
        (ServiceError::EmailTaken, 409),
        (ServiceError::InvalidCredentials, 401),
        (
            ServiceError::Throttled {
                retry_after_secs: 3,
            },
            429,
        ),
        (ServiceError::NotLoggedIn, 401),
        (ServiceError::NotFound(Missing::Session), 404),
        (
            ServiceError::Busy {
                retry_after_secs: 2,
            },
            503,
        ),
        (anyhow::anyhow!("disk on fire").into(), 500),
    ];
    for (e, status) in cases {
        let app: AppError = e.into();
        assert_eq!(app.status(), status, "{app:?}");
        assert!(!app.message().contains("disk"), "{app:?}");
    }
    let busy: AppError = ServiceError::Busy {
        retry_after_secs: 2,
    }
    .into();
    assert_eq!(busy.code(), "UNAVAILABLE");
    assert_eq!(busy.retry_after_secs(), Some(2));
}
