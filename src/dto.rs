//! Every resource's wire types in one place, for callers that use several
//! (the UI, the transports). Each resource defines its own in
//! `<resource>/dto.rs`.

pub use crate::addresses::dto::{
    AddressInput, AddressPatch, AddressView, CountryDetailView, CountryView, SubdivisionView,
};
pub use crate::auth::dto::{LoginInput, SessionView};
pub use crate::catalog::dto::ProductView;
pub use crate::customers::dto::{
    CustomerStatus, CustomerView, GroupView, Patch, ProfileInput, RegisterInput,
};
pub use crate::emails::dto::{
    ChangeEmailInput, EmailStatusView, ResendVerificationInput, TokenInput,
};
pub use crate::groups::dto::{
    GroupDeletedView, GroupDetail, GroupPatch, NewGroupInput, PageAccessInput, PageAccessView,
};
pub use crate::orders::dto::{
    CheckoutAccount, CheckoutInput, CheckoutItemInput, CheckoutMeta, CheckoutResult,
    CreateAccountInput, OrderAddress, OrderItemView, OrderPage, OrderPageMeta, OrderPageQuery,
    OrderStatus, OrderStatusInput, OrderSummary, OrderView, StatusChangeView,
};
pub use crate::passwords::dto::{
    ChangePasswordInput, ForgotPasswordInput, NoticeView, ResetPasswordInput,
};
pub use crate::wholesale::dto::{Money, PriceItemView, PriceListView};
