/*
 * SPDX-License-Identifier: MIT
 *
 * Test stand-in for the AliOS-Things kernel API the flash ports call.
 */

#ifndef AOS_KERNEL_H
#define AOS_KERNEL_H

/* A host cannot reboot: vendor_env.c counts the calls. */
void aos_reboot( void );

#endif /* AOS_KERNEL_H */
