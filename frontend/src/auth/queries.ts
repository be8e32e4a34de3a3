import { graphql } from '../gql';

export const ssoLoginOptionsQuery = graphql(`
  query SSOLoginOptions {
    ssoLoginOptions {
      name
      startURL
    }
  }
`);

export const acceptInvitationMutation = graphql(`
  mutation AcceptInvitation($token: String!, $username: String!, $password: String!, $firstName: String, $lastName: String) {
    acceptInvitation(token: $token, username: $username, password: $password, firstName: $firstName, lastName: $lastName) {
      expiresIn
    }
  }
`);

export const invitationPasswordPolicyQuery = graphql(`
  query InvitationPasswordPolicy($token: String!) {
    invitationPasswordPolicy(token: $token) {
      minLength
      refusesCommon
      requiresCharacterClasses
    }
  }
`);

export const requestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($login: String!) {
    requestPasswordReset(login: $login)
  }
`);

export const resetPasswordMutation = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      expiresIn
    }
  }
`);
