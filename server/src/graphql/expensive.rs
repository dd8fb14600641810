//! Limits on what one GraphQL request may ask for, beyond depth and
//! complexity: at most one expensive mutation (`register`, `login`,
//! `resetPassword`, `changePassword`, `changeEmail`: each a bcrypt run and
//! a throttle count; `forgotPassword`, `resendVerification`: a mail and a
//! throttle count; staff's `createCustomer`: a bcrypt run and a mail;
//! `sendPasswordReset`: a mail; `checkout`: stock taken, perhaps an
//! account) per request, so aliases cannot turn one
//! request into hundreds of accounts or guesses. Checked right after
//! parsing, before anything runs, so a refused request changes nothing.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{ServerResult, Variables};
use customer_core::AppError;

use super::to_graphql_error;

/// Root mutations that may appear once per request.
pub const EXPENSIVE_MUTATIONS: [&str; 10] = [
    "register",
    "login",
    "forgotPassword",
    "resetPassword",
    "changePassword",
    "changeEmail",
    "resendVerification",
    "createCustomer",
    "sendPasswordReset",
    "checkout",
];

/// How deep fragments are followed (validation refuses cycles later).
const MAX_FRAGMENT_DEPTH: usize = 8;

pub struct OneExpensiveMutation;

impl ExtensionFactory for OneExpensiveMutation {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OneExpensiveMutation)
    }
}

#[async_trait::async_trait]
impl Extension for OneExpensiveMutation {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        for (_, op) in doc.operations.iter() {
            if op.node.ty == OperationType::Mutation
                && expensive_fields(&doc, &op.node.selection_set.node, 0) > 1
            {
                let message = "Only one mutation that checks a password or sends a mail \
                    (register, login, forgotPassword, resetPassword, changePassword, \
                    changeEmail, resendVerification, createCustomer, sendPasswordReset) \
                    is allowed per request.";
                return Err(
                    to_graphql_error(AppError::bad_request(message)).into_server_error(op.pos)
                );
            }
        }
        Ok(doc)
    }
}

/// How many expensive root fields a selection set holds, aliases and
/// fragments included.
fn expensive_fields(doc: &ExecutableDocument, set: &SelectionSet, depth: usize) -> usize {
    if depth > MAX_FRAGMENT_DEPTH {
        return 0;
    }
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(EXPENSIVE_MUTATIONS.contains(&field.node.name.node.as_str()))
            }
            Selection::FragmentSpread(spread) => doc
                .fragments
                .get(&spread.node.fragment_name.node)
                .map_or(0, |f| {
                    expensive_fields(doc, &f.node.selection_set.node, depth + 1)
                }),
            Selection::InlineFragment(inline) => {
                expensive_fields(doc, &inline.node.selection_set.node, depth + 1)
            }
        })
        .sum()
}
