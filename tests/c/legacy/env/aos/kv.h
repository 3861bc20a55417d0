/*
 * SPDX-License-Identifier: MIT
 *
 * Test stand-in for the AliOS-Things key-value store: each key is a file in
 * the working directory (vendor_env.c).
 */

#ifndef AOS_KV_H
#define AOS_KV_H

int aos_kv_set( const char * key,
                const void * value,
                int len,
                int sync );
int aos_kv_get( const char * key,
                void * buffer,
                int * buffer_len );

#endif /* AOS_KV_H */
