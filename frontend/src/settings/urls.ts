export const settingsPath = '/settings';
export const personalDetailsPath = `${settingsPath}/personal/details`;
export const tokensPath = `${settingsPath}/personal/tokens`;
export const usersPath = `${settingsPath}/users`;
