import { graphql } from '../gql';


export const invoiceListQuery = graphql(`
  query InvoiceList(
    $where: InvoiceWhereInput
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $orderBy: [InvoiceOrder!] = [{ field: PERIOD, direction: DESC }, { field: FRIENDLY_ID, direction: DESC }]
  ) {
    invoices(where: $where, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          friendlyID
          period
          state
          creationType
          currency
          cost
          costWithoutVat
          issuedOn
          dueOn
          chargingRetriesCount
          account {
            id
            orgName
          }
        }
      }
    }
  }
`);

export const invoiceDetailQuery = graphql(`
  query InvoiceDetail($id: ID!) {
    node(id: $id) {
      id
      ... on Invoice {
        friendlyID
        period
        periodFrom
        periodTo
        state
        creationType
        currency
        cost
        costWithoutVat
        vatAmount
        vatRate
        vatCode
        issuedOn
        dueOn
        paidAt
        finalizedAt
        createdAt
        pdfURL
        buyerAddress
        chargingRetriesCount
        lastChargingRetry
        account {
          id
          orgName
          monthlyChargingEnabled
          paymentProfile {
            id
            brand
            last4
            expMonth
            expYear
          }
        }
        paymentTransactions {
          ...PaymentTransactionRow
        }
        lineItems {
          id
          name
          description
          quantity
          cost
          kind
          contractKind
          intervalBegin
          intervalEnd
          usage
          createdAt
        }
      }
    }
  }
`);

export const billingSettingsQuery = graphql(`
  query BillingSettings {
    billingSettings {
      id
      saved
      financeEnabled
      strategy
      chargingEnabled
      currency
      invoiceFootnote
      zeroVatText
      numberingPeriod
      financeSupportEmail
    }
  }
`);

export const updateBillingSettingsMutation = graphql(`
  mutation UpdateBillingSettings($input: UpdateBillingSettingsInput!) {
    updateBillingSettings(input: $input) {
      id
      saved
      financeEnabled
      strategy
      chargingEnabled
      currency
      invoiceFootnote
      zeroVatText
      numberingPeriod
      financeSupportEmail
    }
  }
`);

export const earningsQuery = graphql(`
  query Earnings($from: String, $to: String) {
    earningsByMonth(from: $from, to: $to) {
      month
      currency
      cost
      byState {
        state
        invoiceCount
        costWithoutVat
        cost
      }
    }
  }
`);

export const runBillingMutation = graphql(`
  mutation RunBilling($date: String!, $accountID: ID) {
    runBilling(date: $date, accountID: $accountID) {
      date
      accounts
      lineItemsAdded
      invoicesFinalized
      invoicesIssued
    }
  }
`);

export const createInvoiceMutation = graphql(`
  mutation CreateInvoice($accountID: ID!, $period: String) {
    createInvoice(accountID: $accountID, period: $period) {
      id
      friendlyID
    }
  }
`);


export const finalizeInvoiceMutation = graphql(`
  mutation FinalizeInvoice($id: ID!) {
    finalizeInvoice(id: $id) {
      id
      state
      finalizedAt
    }
  }
`);

export const issueInvoiceMutation = graphql(`
  mutation IssueInvoice($id: ID!) {
    issueInvoice(id: $id) {
      id
      state
      friendlyID
      issuedOn
      dueOn
      pdfURL
      vatRate
      vatAmount
      cost
      buyerAddress
    }
  }
`);

export const issueInvoicesMutation = graphql(`
  mutation IssueInvoices($ids: [ID!]!) {
    issueInvoices(ids: $ids) {
      succeeded
      failed
      items {
        id
        ok
        code
        message
      }
    }
  }
`);

export const markInvoicePaidMutation = graphql(`
  mutation MarkInvoicePaid($id: ID!) {
    markInvoicePaid(id: $id) {
      id
      state
      paidAt
    }
  }
`);

export const markInvoiceUnpaidMutation = graphql(`
  mutation MarkInvoiceUnpaid($id: ID!) {
    markInvoiceUnpaid(id: $id) {
      id
      state
    }
  }
`);

export const failInvoiceMutation = graphql(`
  mutation FailInvoice($id: ID!) {
    failInvoice(id: $id) {
      id
      state
    }
  }
`);

export const cancelInvoiceMutation = graphql(`
  mutation CancelInvoice($id: ID!) {
    cancelInvoice(id: $id) {
      id
      state
    }
  }
`);

export const addLineItemMutation = graphql(`
  mutation AddLineItem($invoiceID: ID!, $input: AddLineItemInput!) {
    addLineItem(invoiceID: $invoiceID, input: $input) {
      id
      name
      cost
      invoice {
        id
        cost
        costWithoutVat
        vatAmount
      }
    }
  }
`);

export const removeLineItemMutation = graphql(`
  mutation RemoveLineItem($id: ID!) {
    removeLineItem(id: $id) {
      deletedID
    }
  }
`);

export const invoicePreviewQuery = graphql(`
  query InvoicePreview($accountID: ID!, $applicationID: ID, $planID: ID) {
    invoicePreview(accountID: $accountID, applicationID: $applicationID, planID: $planID) {
      period
      at
      currency
      costWithoutVat
      vatRate
      vatAmount
      cost
      lines {
        name
        description
        quantity
        cost
        kind
      }
    }
  }
`);

export const accountBillingQuery = graphql(`
  query AccountBilling($id: ID!) {
    node(id: $id) {
      id
      ... on Account {
        monthlyBillingEnabled
        monthlyChargingEnabled
        paymentProfile {
          ...CardFields
        }
      }
    }
  }
`);

export const updateAccountBillingMutation = graphql(`
  mutation UpdateAccountBilling($id: ID!, $input: UpdateAccountInput!) {
    updateAccount(id: $id, input: $input) {
      id
      monthlyBillingEnabled
      monthlyChargingEnabled
    }
  }
`);

export const paymentTransactionFragment = graphql(`
  fragment PaymentTransactionRow on PaymentTransaction {
    id
    createdAt
    state
    success
    amount
    currency
    reference
    message
    test
    automatic
  }
`);

export const paymentGatewayFragment = graphql(`
  fragment PaymentGatewayFields on PaymentGateway {
    id
    kind
    publishableKey
    secretKeyHint
    testMode
    updatedAt
  }
`);

export const paymentGatewayQuery = graphql(`
  query PaymentGateway {
    paymentGateway {
      ...PaymentGatewayFields
    }
    billingSettings {
      id
      chargingEnabled
    }
  }
`);

export const configurePaymentGatewayMutation = graphql(`
  mutation ConfigurePaymentGateway($input: ConfigurePaymentGatewayInput!) {
    configurePaymentGateway(input: $input) {
      ...PaymentGatewayFields
    }
  }
`);

export const removePaymentGatewayMutation = graphql(`
  mutation RemovePaymentGateway {
    removePaymentGateway {
      deletedID
    }
  }
`);

export const cardFragment = graphql(`
  fragment CardFields on PaymentProfile {
    id
    brand
    last4
    expMonth
    expYear
    setupRef
  }
`);

export const removeCardMutation = graphql(`
  mutation RemoveCard($accountID: ID!) {
    removeCard(accountID: $accountID) {
      ...CardFields
    }
  }
`);

export const chargeInvoiceMutation = graphql(`
  mutation ChargeInvoice($id: ID!) {
    chargeInvoice(id: $id) {
      invoice {
        id
        state
        paidAt
        chargingRetriesCount
      }
      transaction {
        ...PaymentTransactionRow
      }
    }
  }
`);
