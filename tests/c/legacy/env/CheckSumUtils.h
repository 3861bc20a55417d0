/*
 * SPDX-License-Identifier: MIT
 *
 * Test stand-in for the CRC-16 helper AliOS-Things flash ports use
 * (CheckSumUtils): the "augmented" bitwise form, polynomial 0x1021,
 * initial register 0, finalised by feeding two zero bytes. The register in
 * the context is what ports save at a breakpoint.
 */

#ifndef __CheckSumUtils_h__
#define __CheckSumUtils_h__

#include <stddef.h>
#include <stdint.h>

typedef struct
{
    uint16_t crc;
} CRC16_Context;

void CRC16_Init( CRC16_Context * inContext );
void CRC16_Update( CRC16_Context * inContext,
                   const void * inSrc,
                   size_t inLen );
void CRC16_Final( CRC16_Context * inContext,
                  uint16_t * outResult );

#endif /* __CheckSumUtils_h__ */
