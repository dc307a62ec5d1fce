/** USPS codes of the 50 states and DC, for address validation and demo addresses. */
export const US_STATE_CODES = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
  "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
  "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
] as const;

export const US_STATE_PATTERN = new RegExp(`^(${US_STATE_CODES.join("|")})$`);

/** 5-digit ZIP or ZIP+4 (9 digits, with or without the hyphen). */
export const US_ZIP_PATTERN = /^\d{5}(-?\d{4})?$/;
