//! Checkout: placing an order, as a customer or a guest, and creating the
//! guest's account in the same unit of work when asked.
//!
//! Before the transaction (never hold one across bcrypt or a session
//! write): the input is checked, the registration throttle counted, the
//! password hashed and the session rotated. In one transaction: the
//! account (if any) with its first session and mail, the stock taken at
//! the current prices, the order with its lines and first status, and the
//! order's addresses in the new account's book. A failure anywhere leaves
//! nothing behind.

use crate::addresses::domain::ValidAddress;
use crate::caller::Caller;
use crate::customers::domain::NewCustomer;
use crate::customers::reserve_registration;
use crate::customers::store::{CustomerRow, NewCustomerRecord, EMAIL_UNIQUE};
use crate::db::Tx;
use crate::domain::FieldErrors;
use crate::emails::{EmailService, VerificationMode};
use crate::history::{self, Action, Actor, Changes};
use crate::orders::confirmation;
use crate::orders::domain::checkout as checkout_words;
use crate::orders::domain::checkout::{
    not_enough_stock, unknown_product, AddressChoice, Checkout, Line,
};
use crate::orders::domain::{number, pricing};
use crate::orders::dto::{
    CheckoutAccount, CheckoutInput, CheckoutMeta, CheckoutResult, OrderAddress, OrderView,
};
use crate::orders::service::{full_view, OrderService};
use crate::orders::store::{ItemRow, NewOrderRecord, ORDER_NUMBER_UNIQUE};
use crate::orders::view::snapshot;
use crate::services::{Missing, ServiceError};

/// How many times a colliding order number is drawn again.
const NUMBER_ATTEMPTS: usize = 4;

/// The account to create, ready for the transaction.
struct PlannedAccount {
    record: NewCustomerRecord,
    /// The session ids (old, new) when the new customer is logged in.
    rotated: Option<(Option<String>, String)>,
}

/// Why one attempt did not place the order.
enum Attempt {
    Failed(ServiceError),
    NumberTaken,
    EmailTaken,
}

impl From<ServiceError> for Attempt {
    fn from(e: ServiceError) -> Self {
        Self::Failed(e)
    }
}

impl From<crate::db::StoreError> for Attempt {
    fn from(e: crate::db::StoreError) -> Self {
        Self::Failed(e.into())
    }
}

impl OrderService {
    /// Places an order (always `pending`: no payment is taken online).
    pub async fn checkout(
        &self,
        caller: &Caller,
        input: &CheckoutInput,
    ) -> Result<CheckoutResult, ServiceError> {
        let me = caller.customer().map(|me| &me.customer);
        let checkout = Checkout::parse(input, me.is_some())?;
        let mut meta = CheckoutMeta::default();
        let mut plan = match &checkout.account {
            Some(account) => {
                let planned = self.plan_account(caller, account).await?;
                meta.account = Some(match planned {
                    Some(_) => CheckoutAccount::Created,
                    None => CheckoutAccount::Exists,
                });
                planned
            }
            None => None,
        };
        for _ in 0..NUMBER_ATTEMPTS {
            match self.place(caller, me, &checkout, plan.as_ref()).await {
                Ok((order, new_customer)) => {
                    // The confirmation (and the new account's mail) is out.
                    self.deps.mail.wake.notify_one();
                    if let Some(customer) = new_customer {
                        meta.logged_in = plan.as_ref().is_some_and(|p| p.rotated.is_some());
                        if meta.logged_in {
                            let device = self.auth.device_key().await?;
                            caller
                                .device_cookie()
                                .set(device.issue(&customer.public_id));
                        }
                        tracing::info!(customer = %customer.public_id, "customer registered at checkout");
                    }
                    tracing::info!(order = %order.number, guest = order.guest, "order placed");
                    return Ok(CheckoutResult { data: order, meta });
                }
                Err(Attempt::NumberTaken) => continue,
                // Registered meanwhile by someone else: a guest order, as if
                // the account had existed from the start.
                Err(Attempt::EmailTaken) => {
                    plan = None;
                    meta.account = Some(CheckoutAccount::Exists);
                }
                Err(Attempt::Failed(e)) => return Err(e),
            }
        }
        Err(ServiceError::Infrastructure(anyhow::anyhow!(
            "no free order number after {NUMBER_ATTEMPTS} draws"
        )))
    }

    /// The account to create, or `None` when the email already has one
    /// (the order is then a guest order; registering says as much).
    async fn plan_account(
        &self,
        caller: &Caller,
        account: &NewCustomer,
    ) -> Result<Option<PlannedAccount>, ServiceError> {
        reserve_registration(&self.deps, caller).await?;
        let email = account.email.as_str();
        {
            let mut conn = self.deps.db.conn().await?;
            if conn.customers().customer_by_email(email).await?.is_some() {
                return Ok(None);
            }
        }
        let password_hash = self.deps.hasher.hash(&account.password).await?;
        let log_in = self.deps.policy.email_verification != VerificationMode::Required;
        let rotated = match log_in {
            true => Some(self.auth.rotate(caller).await?),
            false => None,
        };
        Ok(Some(PlannedAccount {
            record: NewCustomerRecord {
                public_id: uuid::Uuid::new_v4().to_string(),
                email: email.to_owned(),
                password_hash,
                first_name: account.first_name.as_str().to_owned(),
                last_name: account.last_name.as_str().to_owned(),
                phone: None,
            },
            rotated,
        }))
    }

    /// One attempt in one transaction.
    async fn place(
        &self,
        caller: &Caller,
        me: Option<&CustomerRow>,
        checkout: &Checkout,
        plan: Option<&PlannedAccount>,
    ) -> Result<(OrderView, Option<CustomerRow>), Attempt> {
        let now = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        let new_customer = match plan {
            Some(plan) => Some(self.create_account(&mut tx, caller, plan).await?),
            None => None,
        };
        let owner = me.or(new_customer.as_ref());
        // Every problem at once: the addresses from the book, then each line.
        let mut errors = FieldErrors::new();
        let shipping = address(&mut tx, me, &checkout.shipping, "shipping_address_id").await;
        let shipping = absorb(shipping, &mut errors)?;
        let billing = match &checkout.billing {
            Some(choice) => {
                let billing = address(&mut tx, me, choice, "billing_address_id").await;
                absorb(billing, &mut errors)?
            }
            None => shipping.clone(),
        };
        let items = absorb(take_stock(&mut tx, &checkout.lines).await, &mut errors)?;
        let (Some(shipping), Some(billing), Some(items)) = (shipping, billing, items) else {
            return Err(errors.into_attempt());
        };
        let currency = items.first().map(|(_, c)| c.clone()).unwrap_or_default();
        let subtotal = items.iter().fold(0i64, |sum, (item, _)| {
            sum.saturating_add(item.line_total_minor)
        });
        let totals = pricing::totals(subtotal, &shipping.country);
        let email = match (&checkout.email, me) {
            (Some(email), _) => email.as_str().to_owned(),
            (None, Some(me)) => me.email.clone(),
            (None, None) => {
                return Err(
                    FieldErrors::single("email", checkout_words::EMAIL_REQUIRED).into_attempt()
                )
            }
        };
        let record = NewOrderRecord {
            number: number::random(),
            customer_id: owner.map(CustomerRow::customer_id),
            email,
            currency,
            subtotal_minor: totals.subtotal,
            shipping_minor: totals.shipping,
            tax_minor: totals.tax,
            total_minor: totals.total,
            item_count: items.iter().map(|(i, _)| i.quantity).sum(),
            shipping_address: snapshot(&shipping),
            billing_address: snapshot(&billing),
            placed_at_ms: now,
            items: items.into_iter().map(|(item, _)| item).collect(),
        };
        let row = match tx.orders().insert_order(&record).await {
            Ok(row) => row,
            Err(e) if e.is_conflict_on(ORDER_NUMBER_UNIQUE) => return Err(Attempt::NumberTaken),
            Err(e) => return Err(e.into()),
        };
        if let Some(customer) = &new_customer {
            self.fill_book(&mut tx, customer, checkout, now).await?;
        }
        let view = full_view(&mut tx, &row).await?;
        let shop = &self.deps.mail.shop;
        confirmation::queue(&mut tx, shop, &view, owner.is_some(), now).await?;
        tx.commit().await?;
        Ok((view, new_customer))
    }

    async fn create_account(
        &self,
        tx: &mut Tx,
        caller: &Caller,
        plan: &PlannedAccount,
    ) -> Result<CustomerRow, Attempt> {
        let row = match tx
            .customers()
            .insert_customer(&plan.record, self.deps.now())
            .await
        {
            Ok(row) => row,
            Err(e) if e.is_conflict_on(EMAIL_UNIQUE) => return Err(Attempt::EmailTaken),
            Err(e) => return Err(e.into()),
        };
        let now = self.deps.now_ms();
        history::record(
            tx,
            row.customer_id(),
            &Actor::customer(&row),
            Action::Registered,
            Changes::new(),
            now,
        )
        .await?;
        if let Some((old, new)) = &plan.rotated {
            self.auth
                .record_session(tx, caller, old.clone(), new.clone(), &row)
                .await?;
        }
        EmailService::queue_registration_mail(&self.deps, tx, &row, now).await?;
        Ok(row)
    }

    /// The order's addresses become the new account's book: the shipping
    /// address its default for both, a different billing address its
    /// default billing.
    async fn fill_book(
        &self,
        tx: &mut Tx,
        customer: &CustomerRow,
        checkout: &Checkout,
        now: i64,
    ) -> Result<(), ServiceError> {
        let actor = Actor::customer(customer);
        let id = customer.customer_id();
        let given = |choice: &AddressChoice| -> Option<ValidAddress> {
            match choice {
                AddressChoice::Given(valid) => Some((**valid).clone()),
                AddressChoice::FromBook(_) => None,
            }
        };
        if let Some(shipping) = given(&checkout.shipping) {
            crate::addresses::add_in(tx, id, &actor, &shipping, (true, true), now).await?;
        }
        if let Some(billing) = checkout.billing.as_ref().and_then(given) {
            let same = given(&checkout.shipping)
                .is_some_and(|s| OrderAddress::from(&s) == OrderAddress::from(&billing));
            if !same {
                crate::addresses::add_in(tx, id, &actor, &billing, (false, true), now).await?;
            }
        }
        Ok(())
    }
}

trait IntoAttempt {
    fn into_attempt(self) -> Attempt;
}

impl IntoAttempt for FieldErrors {
    fn into_attempt(self) -> Attempt {
        Attempt::Failed(ServiceError::Invalid(self))
    }
}

/// A step's field errors joined to the others (`None` then); anything else
/// ends the attempt.
fn absorb<T>(result: Result<T, Attempt>, errors: &mut FieldErrors) -> Result<Option<T>, Attempt> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(Attempt::Failed(ServiceError::Invalid(bad))) => {
            for (field, reason) in bad.into_map() {
                errors.add(&field, reason);
            }
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

/// The address as the order keeps it: given, or from the caller's book
/// (another customer's id, or none, is a 422 on `field`).
async fn address(
    tx: &mut Tx,
    me: Option<&CustomerRow>,
    choice: &AddressChoice,
    field: &str,
) -> Result<OrderAddress, Attempt> {
    match (choice, me) {
        (AddressChoice::Given(valid), _) => Ok(OrderAddress::from(&**valid)),
        (AddressChoice::FromBook(id), Some(me)) => {
            match crate::addresses::find_address(tx, me.customer_id(), id).await {
                Ok(row) => Ok(OrderAddress::from(&row.to_view())),
                Err(ServiceError::NotFound(Missing::Address)) => {
                    Err(FieldErrors::single(field, checkout_words::NO_SUCH_ADDRESS).into_attempt())
                }
                Err(e) => Err(e.into()),
            }
        }
        (AddressChoice::FromBook(_), None) => {
            Err(FieldErrors::single(field, checkout_words::ADDRESS_BOOK_NEEDS_LOGIN).into_attempt())
        }
    }
}

/// Takes every line's units at the product's current price, in SKU order
/// (so two checkouts lock rows in the same order). Every line that cannot
/// be had is named; the transaction is then dropped, taking nothing.
/// The items come back in the order the customer listed them.
async fn take_stock(tx: &mut Tx, lines: &[Line]) -> Result<Vec<(ItemRow, String)>, Attempt> {
    let mut errors = FieldErrors::new();
    let mut items = Vec::with_capacity(lines.len());
    let mut currency: Option<String> = None;
    for line in lines {
        let Some(product) = tx.catalog().take_stock(&line.sku, line.quantity).await? else {
            match tx.catalog().product(&line.sku).await? {
                None => errors.add(
                    &format!("items[{}].sku", line.index),
                    unknown_product(&line.sku),
                ),
                Some(p) => errors.add(
                    &format!("items[{}].quantity", line.index),
                    not_enough_stock(&p.name, p.stock),
                ),
            }
            continue;
        };
        if currency.get_or_insert_with(|| product.currency.clone()) != &product.currency {
            errors.add(
                &format!("items[{}].sku", line.index),
                checkout_words::OTHER_CURRENCY,
            );
            continue;
        }
        items.push((
            line.index,
            ItemRow {
                sku: product.sku.clone(),
                name: product.name.clone(),
                unit_price_minor: product.price_minor,
                quantity: line.quantity,
                line_total_minor: product.price_minor.saturating_mul(i64::from(line.quantity)),
            },
            product.currency,
        ));
    }
    if !errors.is_empty() {
        return Err(errors.into_attempt());
    }
    items.sort_by_key(|(index, _, _)| *index);
    Ok(items
        .into_iter()
        .map(|(_, item, currency)| (item, currency))
        .collect())
}
