/*
 * SPDX-License-Identifier: MIT
 *
 * Counters of the test vendor environment (vendor_env.c), for scenarios.
 */

#ifndef VENDOR_ENV_TEST_H
#define VENDOR_ENV_TEST_H

/* CRYPTO_SignatureVerificationStart calls, and Final calls that verified. */
extern int test_crypto_started;
extern int test_crypto_verified;

/* Successful hal_flash_write calls. */
extern int test_flash_writes;

/* aos_reboot calls. */
extern int test_aos_reboots;

#endif /* VENDOR_ENV_TEST_H */
